package io.strata.examples.pricing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strata.connector.StrataTestCluster;

import java.util.Map;

/**
 * Starts a real Strata cluster (processes on free ports) before the application, creates the
 * pipeline's topics, and points the connector at the cluster's gateway; stops it afterwards.
 */
public final class StrataClusterResource implements QuarkusTestResourceLifecycleManager {

    static volatile StrataTestCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = StrataTestCluster.start();
        cluster.createTopic("prices", 3);
        cluster.createTopic("orders", 3);
        cluster.createTopic("prices-dead", 1);
        return Map.of("mp.messaging.connector.smallrye-strata.bootstrap.servers", cluster.bootstrap());
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
