package io.strata.gateway.produce;

import io.smallrye.mutiny.Uni;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.InitProducerIdResponse;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * Hands out producer ids for idempotent producers from blocks the metadata service reserved for
 * this gateway. Invariant: an id is handed out at most once cluster-wide, because each block is
 * this gateway's alone and {@code next} only moves forward; ids left in a block when the gateway
 * stops are simply never used (the id space is 63 bits).
 *
 * <p>{@code synchronized} is fine here: a producer asks once in its life, not per record.
 */
@ApplicationScoped
public class ProducerIds {

    @Inject
    MetadataServiceClient metadata;
    @Inject
    GatewayConfig config;

    private long next;
    private long end;

    public Uni<InitProducerIdResponse> next() {
        Long id = takeFromBlock();
        if (id != null) {
            return Uni.createFrom().item(answer(id));
        }
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .allocateProducerIds(AllocateProducerIdsRequest.newBuilder().build())
                .map(block -> answer(takeFromNewBlock(block)));
    }

    private synchronized Long takeFromBlock() {
        return next < end ? next++ : null;
    }

    private synchronized long takeFromNewBlock(AllocateProducerIdsResponse block) {
        if (next >= end) {
            next = block.getFirstProducerId();
            end = block.getFirstProducerId() + block.getCount();
            return next++;
        }
        // Another caller refilled first: this block's first id is still ours alone, use it.
        return block.getFirstProducerId();
    }

    private static InitProducerIdResponse answer(long id) {
        return InitProducerIdResponse.newBuilder().setProducerId(id).setProducerEpoch(0).build();
    }
}
