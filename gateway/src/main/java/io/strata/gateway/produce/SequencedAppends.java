package io.strata.gateway.produce;

import com.google.protobuf.UnsafeByteOperations;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.PartitionRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Appends the gateway's own batches (REST records, gRPC plain records) as an idempotent producer:
 * one producer id for the gateway's life (from the metadata service, via {@link ProducerIds}), one
 * {@link PartitionSequence} per partition, one batch per Append (the leader recognises a retried
 * request only if it holds at most five batches of the producer, and a window of five single-batch
 * appends keeps every retriable batch among the five it remembers).
 *
 * <p>A batch is stamped once, when its slot is granted; every retry — the router's after a broken
 * connection or a leader change, and this class's after a transient OUT_OF_ORDER_SEQUENCE_NUMBER —
 * sends the same bytes, so a retry of an append that did land is answered with its original
 * offsets instead of being written again. Only a batch the leader refused (so not in the log) is
 * re-stamped: with a slot of the next epoch, when a batch ahead of it failed. The rules for unknown outcomes, failures and epochs are
 * {@link PartitionSequence}'s.
 *
 * <p>An append, once its slot is granted, runs to its end even if the caller stops listening (a
 * REST client that hangs up): a slot must always be resolved, or the partition's window would
 * shrink for good.
 *
 * <p>A topic deleted and created again under its name: the new partition does not know the
 * producer, so the first append with the old sequence is refused OUT_OF_ORDER_SEQUENCE_NUMBER
 * (definite), which bumps the epoch, and the partition's appends go on from sequence 0.
 *
 * <p>Thread-safety: the map is concurrent; each sequence guards itself.
 */
@ApplicationScoped
public class SequencedAppends {

    private static final System.Logger LOG = System.getLogger(SequencedAppends.class.getName());
    /** How often one batch is re-stamped into a new epoch after definite OUT_OF_ORDER refusals before the refusal is the answer. */
    static final int MAX_REISSUES = 3;

    @Inject
    PartitionRouter router;
    @Inject
    ProducerIds ids;
    @Inject
    GatewayConfig config;

    private final Map<String, PartitionSequence> sequences = new ConcurrentHashMap<>();
    private CompletableFuture<Long> producerId;

    /** Appends one batch built by the gateway, with the next sequence of its partition. */
    public Uni<AppendResponse> append(String topic, int partition, BuiltBatch batch, Acks acks, Deadline deadline) {
        CompletableFuture<AppendResponse> result = new CompletableFuture<>();
        Uni.createFrom().completionStage(this::producerId)
                .chain(id -> slot(sequences.computeIfAbsent(topic + "-" + partition,
                        p -> new PartitionSequence(id, config.produceMaxInFlight())), batch, deadline)
                        .chain(granted -> {
                            ProducerStamp.stamp(batch, granted.slot());
                            return send(topic, partition, granted, batch, acks, deadline, 0);
                        }))
                .subscribe().with(result::complete, result::completeExceptionally);
        return Uni.createFrom().completionStage(result);
    }

    private record Granted(PartitionSequence sequence, PartitionSequence.Slot slot) {
    }

    private Uni<Granted> slot(PartitionSequence sequence, BuiltBatch batch, Deadline deadline) {
        Uni<Void> renewed = Uni.createFrom().voidItem();
        if (sequence.needsProducerId()) {
            renewed = ids.next().invoke(fresh -> sequence.renew(fresh.getProducerId())).replaceWithVoid();
        }
        return renewed.chain(() -> granted(sequence, sequence.acquire(batch.recordCount()), deadline));
    }

    /** Waits for a pending slot until the deadline; a slot granted too late is resolved as failed, never leaked. */
    private Uni<Granted> granted(PartitionSequence sequence, CompletableFuture<PartitionSequence.Slot> pending, Deadline deadline) {
        return Uni.createFrom().completionStage(pending)
                .ifNoItem().after(Duration.ofMillis(Math.max(1, deadline.remainingMs()))).recoverWithUni(() -> {
                    if (!sequence.cancel(pending)) {
                        sequence.failed(pending.join());
                    }
                    return Uni.createFrom().failure(new StrataException(ErrorCode.REQUEST_TIMED_OUT, "the request's time ran out "
                            + "while it waited for one of the " + config.produceMaxInFlight() + " in-flight appends to its partition "
                            + "(strata.gateway.produce-max-in-flight) to finish; nothing of it was sent"));
                })
                .map(slot -> new Granted(sequence, slot));
    }

    /**
     * Sends the stamped batch until it resolves, then resolves its slot exactly once. A definite
     * OUT_OF_ORDER_SEQUENCE_NUMBER (an earlier batch of the epoch failed, so this one was refused
     * and is not in the log) re-stamps the same records with a slot of the next epoch and sends
     * them again, at most {@link #MAX_REISSUES} times.
     */
    private Uni<AppendResponse> send(String topic, int partition, Granted granted, BuiltBatch batch, Acks acks, Deadline deadline,
                                     int reissues) {
        return attempt(topic, partition, granted, batch, acks, deadline)
                .invoke(response -> granted.sequence().succeeded(granted.slot()))
                .onFailure().recoverWithUni(failure -> {
                    StrataException error = GrpcErrors.asStrataException(failure);
                    if (error.code() == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && reissues < MAX_REISSUES && !deadline.passed()) {
                        PartitionSequence sequence = granted.sequence();
                        return granted(sequence, sequence.reissue(granted.slot(), batch.recordCount()), deadline).chain(next -> {
                            ProducerStamp.stamp(batch, next.slot());
                            return send(topic, partition, next, batch, acks, deadline, reissues + 1);
                        });
                    }
                    granted.sequence().failed(granted.slot());
                    LOG.log(System.Logger.Level.DEBUG, () -> "append to " + topic + "-" + partition + " with " + granted.slot()
                            + " failed; the partition's sequence starts a new epoch once its in-flight appends end: "
                            + error.getMessage());
                    return Uni.createFrom().failure(error);
                });
    }

    private Uni<AppendResponse> attempt(String topic, int partition, Granted granted, BuiltBatch batch, Acks acks,
                                        Deadline deadline) {
        return router.call(topic, partition, deadline, stub -> stub.append(AppendRequest.newBuilder()
                        .setTopic(topic).setPartition(partition).setAcks(acks)
                        .setRecords(UnsafeByteOperations.unsafeWrap(batch.buffer().duplicate()))
                        .setTimeoutMs((int) Math.min(Integer.MAX_VALUE, deadline.serverWaitMs())).build()))
                .onFailure().recoverWithUni(failure -> {
                    StrataException error = GrpcErrors.asStrataException(failure);
                    CompletableFuture<Void> earlier = error.code() == ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER && !deadline.passed()
                            ? granted.sequence().earlierUnresolved(granted.slot()) : null;
                    if (earlier == null) {
                        return Uni.createFrom().failure(error);
                    }
                    // an earlier batch of the epoch has not landed yet: send the same bytes once it resolves
                    return Uni.createFrom().completionStage(earlier)
                            .ifNoItem().after(Duration.ofMillis(Math.max(1, deadline.remainingMs()))).recoverWithItem((Void) null)
                            .chain(() -> attempt(topic, partition, granted, batch, acks, deadline));
                });
    }

    private synchronized CompletableFuture<Long> producerId() {
        if (producerId == null || producerId.isCompletedExceptionally()) {
            producerId = ids.next().map(response -> response.getProducerId()).subscribeAsCompletionStage();
        }
        return producerId;
    }
}
