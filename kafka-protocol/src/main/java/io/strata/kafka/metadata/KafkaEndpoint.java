package io.strata.kafka.metadata;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a node's Kafka listener is, as clients see it: the brokers of Metadata answers and the
 * redirect hints of Produce and Fetch. A node is a broker only while it is UP and registered a
 * {@code kafka_address} ("host:port", IPv6 hosts in brackets); the others are not listed, so a
 * client never connects to a node that cannot answer. Immutable.
 *
 * @param rack null when the node has none (Kafka's encoding of "no rack")
 */
public record KafkaEndpoint(int nodeId, String host, int port, String rack) {

    /** The endpoint of {@code node}, if it is UP and has a well-formed Kafka address. */
    public static Optional<KafkaEndpoint> of(NodeDescription node) {
        if (node == null || node.getState() != NodeState.NODE_STATE_UP) {
            return Optional.empty();
        }
        String address = node.getKafkaAddress();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            return Optional.empty();
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        String rack = node.getRack().isEmpty() ? null : node.getRack();
        return Optional.of(new KafkaEndpoint(node.getNodeId(), host, port, rack));
    }

    /** Every node clients may connect to, ordered by id. */
    public static List<KafkaEndpoint> live(ClusterMetadata metadata) {
        return metadata.nodes().values().stream()
                .map(KafkaEndpoint::of)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingInt(KafkaEndpoint::nodeId))
                .toList();
    }

    /** The endpoint of node {@code nodeId}, if it is a live broker. */
    public static Optional<KafkaEndpoint> of(ClusterMetadata metadata, int nodeId) {
        return of(metadata.nodes().get(nodeId));
    }
}
