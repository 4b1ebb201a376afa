package io.strata.kafka.produce;

import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.kafka.backend.ControlPlane;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands out producer ids for idempotent producers from blocks the metadata service allocates to
 * this node ({@link ControlPlane#allocateProducerIds}); no other node or caller ever receives an id
 * of a block, so ids are unique cluster-wide without a round trip per producer.
 *
 * <p>Invariant: {@code next ≤ end}; ids {@code next … end − 1} have not been handed out. At most one
 * block request is in flight; callers arriving while it is take their id once it lands (a failed
 * request fails them all, and the next call asks again). Thread-safe: state is guarded by
 * {@code this}; stages complete outside the lock. Never blocks.
 */
public final class ProducerIdBlocks {

    private final ControlPlane controlPlane;
    private final int blockSize;
    private long next;
    private long end;
    private CompletableFuture<Void> refill;

    /**
     * @param blockSize ids per block request; 0 lets the metadata service choose
     */
    public ProducerIdBlocks(ControlPlane controlPlane, int blockSize) {
        if (blockSize < 0) {
            throw new IllegalArgumentException("blockSize must be ≥ 0: " + blockSize);
        }
        this.controlPlane = controlPlane;
        this.blockSize = blockSize;
    }

    /** The next unused producer id. */
    public CompletionStage<Long> next() {
        CompletableFuture<Void> wait;
        boolean start = false;
        synchronized (this) {
            if (next < end) {
                return CompletableFuture.completedFuture(next++);
            }
            if (refill == null) {
                refill = new CompletableFuture<>();
                start = true;
            }
            wait = refill;
        }
        if (start) {
            requestBlock(wait);
        }
        return wait.thenCompose(v -> next());
    }

    private void requestBlock(CompletableFuture<Void> done) {
        AllocateProducerIdsRequest request = AllocateProducerIdsRequest.newBuilder()
                .setNodeId(controlPlane.localNodeId()).setCount(blockSize).build();
        controlPlane.allocateProducerIds(request).whenComplete((block, failure) -> {
            synchronized (this) {
                refill = null;
                if (failure == null) {
                    if (block.getCount() < 1 || block.getFirstProducerId() < 0) {
                        failure = new IllegalStateException("the metadata service allocated an empty producer id block: "
                                + block.getFirstProducerId() + " + " + block.getCount());
                    } else {
                        next = block.getFirstProducerId();
                        end = block.getFirstProducerId() + block.getCount();
                    }
                }
            }
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
    }
}
