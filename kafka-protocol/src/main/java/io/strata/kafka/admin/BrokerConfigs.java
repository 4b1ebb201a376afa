package io.strata.kafka.admin;

import io.strata.kafka.backend.BrokerThrottles;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import java.util.ArrayList;
import java.util.List;

/**
 * The broker configs a Strata node describes: the few Kafka settings it really has, static
 * (read-only, from the node's own configuration), and its replication throttles (dynamic, set per
 * broker by IncrementalAlterConfigs: {@link BrokerThrottles}), so that tools such as
 * {@code kafka-configs --describe --entity-type brokers} get a true answer rather than an error.
 * A broker resource names this node's id; the one with the empty name (the cluster-wide dynamic
 * broker defaults) is described by {@link ClusterConfigChanges#describeDefaults}. Stateless.
 */
final class BrokerConfigs {

    private BrokerConfigs() {
    }

    /** Refuses a broker resource naming another node than this one, with INVALID_REQUEST. */
    static void requireThisBroker(ControlPlane cluster, String resourceName) {
        String nodeId = Integer.toString(cluster.localNodeId());
        if (!resourceName.equals(nodeId)) {
            // Kafka's admin client sends a broker resource to that broker: another id was misrouted.
            throw new InvalidRequestException("unexpected broker id '" + resourceName + "': this is node " + nodeId
                    + "; ask it for broker " + nodeId + " or the empty name for cluster-wide defaults");
        }
    }

    /**
     * The configs of the broker resource {@code resourceName} (its static settings and its
     * replication throttles), or INVALID_REQUEST for another broker's id.
     */
    static List<ConfigDescription> describe(ControlPlane cluster, BrokerThrottles throttles, String resourceName) {
        if (resourceName == null || resourceName.isEmpty()) {
            return List.of();
        }
        requireThisBroker(cluster, resourceName);
        String nodeId = resourceName;
        List<ConfigDescription> configs = new ArrayList<>(staticConfigs(cluster, nodeId));
        for (BrokerThrottles.Throttle throttle : throttles.describe()) {
            configs.add(new ConfigDescription(throttle.name(), throttle.value(), false, source(throttle.source()),
                    ConfigType.LONG.id(), "Replication throttle in bytes per second (Kafka's name); see the README's"
                    + " Cluster operations for which of them Strata acts on."));
        }
        return configs;
    }

    private static byte source(BrokerThrottles.Source source) {
        return switch (source) {
            case DYNAMIC -> ConfigSource.DYNAMIC_BROKER_CONFIG.id();
            case STATIC -> ConfigSource.STATIC_BROKER_CONFIG.id();
            case DEFAULT -> ConfigSource.DEFAULT_CONFIG.id();
        };
    }

    private static List<ConfigDescription> staticConfigs(ControlPlane cluster, String nodeId) {
        byte source = ConfigSource.STATIC_BROKER_CONFIG.id();
        return List.of(
                new ConfigDescription("auto.create.topics.enable", Boolean.toString(cluster.autoCreateTopics()), true,
                        source, ConfigType.BOOLEAN.id(),
                        "Whether Metadata and Produce requests create a topic that does not exist."),
                new ConfigDescription("broker.id", nodeId, true, source, ConfigType.INT.id(),
                        "This node's id, fixed in its configuration (the same as node.id)."),
                new ConfigDescription("node.id", nodeId, true, source, ConfigType.INT.id(),
                        "This node's id, fixed in its configuration."));
    }
}
