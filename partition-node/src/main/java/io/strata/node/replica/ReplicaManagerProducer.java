package io.strata.node.replica;

import io.strata.node.config.NodeConfig;
import io.strata.node.log.LogConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;

/** Opens the node's replicas once, from {@link NodeConfig}, and closes them cleanly at shutdown. */
@ApplicationScoped
public class ReplicaManagerProducer {

    @Produces
    @Singleton
    ReplicaManager replicaManager(NodeConfig config, ReplicaEvents events) throws IOException {
        LogConfig defaults = LogConfig.DEFAULTS.withMaxDecompressedBatchBytes(config.maxDecompressedBatchBytes())
                .with(config.topicDefaults());
        return ReplicaManager.open(config.dataDir(), config.maxOpenFiles(), defaults, Clock.systemUTC(), config.id(),
                config.metadataUrl().isEmpty(), config.maxAckWaiters(), new ReplicaDeleter(), events);
    }

    void close(@Disposes ReplicaManager replicas) {
        replicas.close();
    }
}
