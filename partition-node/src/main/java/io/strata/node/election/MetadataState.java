package io.strata.node.election;

import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.node.membership.ClusterView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the controller needs of the metadata, copied out of a {@link ClusterView} on the membership
 * thread so that it can cross to the controller's thread: every partition's leadership, the nodes
 * that are UP (with their registration epochs and racks, for the balancer), whether any partition
 * is being reassigned, and the metadata version it was copied at. Immutable.
 *
 * @param upEpochs    the node epoch of each UP node (a new registration gives a new epoch)
 * @param upRacks     the rack of each UP node, an empty string for none
 * @param reassigning whether some partition has a reassignment running
 */
record MetadataState(long version, List<PartitionLeadership> partitions, Set<Integer> upNodes,
                     Map<Integer, Long> upEpochs, Map<Integer, String> upRacks, boolean reassigning) {

    /** The topic config that allows a leader from outside the ISR. */
    static final String UNCLEAN_LEADER_ELECTION = "unclean.leader.election.enable";

    MetadataState {
        partitions = List.copyOf(partitions);
        upNodes = Set.copyOf(upNodes);
        upEpochs = Map.copyOf(upEpochs);
        upRacks = Map.copyOf(upRacks);
    }

    /** Without the balancer's inputs: every UP node at epoch 0 without a rack, nothing moving. */
    MetadataState(long version, List<PartitionLeadership> partitions, Set<Integer> upNodes) {
        this(version, partitions, upNodes, upNodes.stream().collect(Collectors.toMap(n -> n, n -> 0L)),
                upNodes.stream().collect(Collectors.toMap(n -> n, n -> "")), false);
    }

    static MetadataState of(ClusterView view) {
        List<PartitionLeadership> partitions = new ArrayList<>();
        boolean reassigning = false;
        List<TopicDescription> topics = new ArrayList<>(view.topics());
        topics.sort(Comparator.comparing(TopicDescription::getName));
        for (TopicDescription topic : topics) {
            // Only a topic override is visible here, not a cluster-wide default of true: such a topic
            // is treated as unclean-forbidden (the safe side) until it sets the override.
            boolean unclean = Boolean.parseBoolean(topic.getConfigsOrDefault(UNCLEAN_LEADER_ELECTION, "false"));
            for (PartitionDescription partition : topic.getPartitionsList()) {
                partitions.add(new PartitionLeadership(topic.getName(), partition.getPartition(),
                        partition.getReplicasList(), partition.getLeader(), partition.getIsrList(), unclean,
                        partition.getLeaderEpoch(), partition.getPartitionEpoch()));
                reassigning |= partition.getAddingReplicasCount() > 0 || partition.getRemovingReplicasCount() > 0;
            }
        }
        Set<Integer> up = new TreeSet<>();
        Map<Integer, Long> epochs = new HashMap<>();
        Map<Integer, String> racks = new HashMap<>();
        for (NodeDescription node : view.nodes().values()) {
            if (node.getState() == NodeState.NODE_STATE_UP) {
                up.add(node.getNodeId());
                epochs.put(node.getNodeId(), node.getNodeEpoch());
                racks.put(node.getNodeId(), node.getRack());
            }
        }
        return new MetadataState(view.version(), partitions, up, epochs, racks, reassigning);
    }
}
