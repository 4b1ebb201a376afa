package io.strata.node.replication;

import io.strata.node.config.NodeConfig;
import io.strata.node.replica.ReplicaManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Opens this node's {@link ThrottleConfigs} once, from the data directory (after the replicas'
 * lock on it is taken) and {@code strata.node.reassignment-throttle-bytes-per-second}.
 */
@ApplicationScoped
public class ThrottleConfigsProducer {

    @Produces
    @Singleton
    ThrottleConfigs throttleConfigs(NodeConfig config, ReplicaManager replicas) throws IOException {
        return ThrottleConfigs.open(replicas.dataDir(), config.reassignmentThrottleBytesPerSecond(),
                new ReassignmentThrottle(config.reassignmentThrottleBytesPerSecond(), System::nanoTime));
    }
}
