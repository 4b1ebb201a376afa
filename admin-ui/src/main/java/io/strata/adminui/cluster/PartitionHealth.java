package io.strata.adminui.cluster;

import io.strata.adminui.gateway.ClusterReport;
import io.strata.adminui.gateway.NodeReport;
import io.strata.adminui.gateway.PartitionReport;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kafka's two partition health counts, as the console defines them: a partition is
 * <em>under-replicated</em> while its ISR is smaller than its replica set, and <em>offline</em> while
 * it has no leader, or its leader is a node the metadata does not hold UP. Pure.
 */
public final class PartitionHealth {

    private PartitionHealth() {
    }

    public static boolean underReplicated(PartitionReport partition) {
        return partition.isr().size() < partition.replicas().size();
    }

    public static boolean offline(PartitionReport partition, Set<Integer> upNodes) {
        return partition.leader() < 0 || !upNodes.contains(partition.leader());
    }

    /** The ids of the nodes in state UP. */
    public static Set<Integer> upNodes(ClusterReport cluster) {
        return cluster.nodes().stream().filter(n -> "UP".equals(n.state())).map(NodeReport::nodeId).collect(Collectors.toSet());
    }
}
