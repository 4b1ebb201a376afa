package io.strata.node.election;

import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.node.membership.ClusterView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the controller needs of the metadata, copied out of a {@link ClusterView} on the membership
 * thread so that it can cross to the controller's thread: every partition's leadership, the nodes
 * that are UP, and the metadata version it was copied at. Immutable.
 */
record MetadataState(long version, List<PartitionLeadership> partitions, Set<Integer> upNodes) {

    /** The topic config that allows a leader from outside the ISR. */
    static final String UNCLEAN_LEADER_ELECTION = "unclean.leader.election.enable";

    MetadataState {
        partitions = List.copyOf(partitions);
        upNodes = Set.copyOf(upNodes);
    }

    static MetadataState of(ClusterView view) {
        List<PartitionLeadership> partitions = new ArrayList<>();
        List<TopicDescription> topics = new ArrayList<>(view.topics());
        topics.sort(Comparator.comparing(TopicDescription::getName));
        for (TopicDescription topic : topics) {
            // Only a topic override is visible here, not a cluster-wide default of true: such a topic
            // is treated as unclean-forbidden (the safe side) until it sets the override.
            boolean unclean = Boolean.parseBoolean(topic.getConfigsOrDefault(UNCLEAN_LEADER_ELECTION, "false"));
            for (PartitionDescription partition : topic.getPartitionsList()) {
                partitions.add(new PartitionLeadership(topic.getName(), partition.getPartition(),
                        partition.getReplicasList(), partition.getLeader(), partition.getIsrList(), unclean));
            }
        }
        Set<Integer> up = new TreeSet<>();
        for (NodeDescription node : view.nodes().values()) {
            if (node.getState() == NodeState.NODE_STATE_UP) {
                up.add(node.getNodeId());
            }
        }
        return new MetadataState(view.version(), partitions, up);
    }
}
