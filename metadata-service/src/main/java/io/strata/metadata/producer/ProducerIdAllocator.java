package io.strata.metadata.producer;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.MetadataLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Hands out blocks of producer ids from the counter in the cluster state row. Under the metadata
 * lock, so blocks never overlap, also across metadata service instances; ids are never reused,
 * even after a restart. Not a metadata change: no version is taken.
 */
@ApplicationScoped
public class ProducerIdAllocator {

    private static final Logger LOG = Logger.getLogger(ProducerIdAllocator.class);

    private final MetadataLog log;
    private final MetadataConfig config;

    public ProducerIdAllocator(MetadataLog log, MetadataConfig config) {
        this.log = log;
        this.config = config;
    }

    @WithTransaction
    public Uni<AllocateProducerIdsResponse> allocate(AllocateProducerIdsRequest request) {
        int count = request.getCount() == 0 ? config.producerIdBlock() : request.getCount();
        if (count < 1 || count > config.maxProducerIdBlock()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "count: " + request.getCount()
                    + " is outside 1 … " + config.maxProducerIdBlock());
        }
        return log.lock().map(state -> {
            long first = state.nextProducerId;
            state.nextProducerId = Math.addExact(first, count);
            LOG.debugf("producer ids %d … %d to node %d", first, first + count - 1, request.getNodeId());
            return AllocateProducerIdsResponse.newBuilder().setFirstProducerId(first).setCount(count).build();
        });
    }
}
