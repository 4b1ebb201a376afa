package io.strata.adminui.cluster;

import io.strata.adminui.gateway.ClusterReport;
import io.strata.adminui.gateway.NodeReport;
import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.TopicReport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the cluster page shows, computed from one cluster description and one topic list taken
 * together: nodes with their leader and replica counts, the controller, and the partition counts
 * (total, under-replicated, offline; see {@link PartitionHealth}). Pure and immutable.
 */
public record ClusterSummary(List<NodeRow> nodes, int controllerId, long controllerEpoch, long metadataVersion,
                             int topics, int partitions, int underReplicated, int offline, boolean gatewayReady) {

    public static ClusterSummary of(ClusterReport cluster, List<TopicReport> topics, boolean gatewayReady, long nowMs) {
        Set<Integer> up = PartitionHealth.upNodes(cluster);
        Map<Integer, Integer> leaderOf = new HashMap<>();
        Map<Integer, Integer> replicas = new HashMap<>();
        int partitions = 0;
        int underReplicated = 0;
        int offline = 0;
        for (TopicReport topic : topics) {
            for (PartitionReport p : topic.partitions()) {
                partitions++;
                underReplicated += PartitionHealth.underReplicated(p) ? 1 : 0;
                offline += PartitionHealth.offline(p, up) ? 1 : 0;
                if (p.leader() >= 0) {
                    leaderOf.merge(p.leader(), 1, Integer::sum);
                }
                p.replicas().forEach(node -> replicas.merge(node, 1, Integer::sum));
            }
        }
        int controller = cluster.controller() == null ? -1 : cluster.controller().nodeId();
        List<NodeRow> nodes = cluster.nodes().stream().map(n -> new NodeRow(n.nodeId(), n.address(), n.rack(), n.state(),
                age(n, nowMs), leaderOf.getOrDefault(n.nodeId(), 0), replicas.getOrDefault(n.nodeId(), 0),
                n.nodeId() == controller)).toList();
        return new ClusterSummary(nodes, controller, cluster.controller() == null ? 0 : cluster.controller().controllerEpoch(),
                cluster.metadataVersion(), topics.size(), partitions, underReplicated, offline, gatewayReady);
    }

    /** How long ago a node heartbeated, in words ("4 s ago", "3 min ago", "2 h ago"); "never" for 0. */
    static String age(NodeReport node, long nowMs) {
        if (node.lastHeartbeatMs() <= 0) {
            return "never";
        }
        long seconds = Math.max(0, (nowMs - node.lastHeartbeatMs()) / 1000);
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    public boolean hasController() {
        return controllerId >= 0;
    }
}
