package io.strata.node.simulation;

import io.strata.api.v1.ErrorCode;
import io.strata.node.election.Election;
import io.strata.node.election.ElectionPlanner;
import io.strata.node.election.PartitionLeadership;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The metadata service and the controller, as one reliable process of the simulation (it never
 * crashes; its links to the nodes suffer the network's faults).
 *
 * <p>The partition state and its two transitions model metadata-service's {@code PartitionState}
 * rule for rule (partition-node cannot depend on metadata-service): AlterPartition is a
 * compare-and-set on (leader epoch, partition epoch) from the current leader, and an election bumps
 * both epochs and may pick a leader from outside the ISR only when unclean election is allowed
 * (never here). The controller's decisions are the REAL {@link ElectionPlanner}'s, from the live
 * nodes as the lease on their heartbeats says (the real controller reads liveness from the raft
 * view and the UP nodes; a lease is the same observable: a node cut off from it is dead to it).
 * Not thread-safe: the simulation is single-threaded.
 */
final class MetadataModel {

    /** One partition's replication state; an immutable value, as metadata-service's {@code PartitionState}. */
    record PartitionState(int partition, List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr,
                          int partitionEpoch) {
        PartitionState {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr.stream().sorted().toList());
        }
    }

    /** An AlterPartition answer: the new state, or the error code the real service would answer. */
    record AlterResult(PartitionState state, ErrorCode error) {
    }

    private final List<PartitionState> partitions = new ArrayList<>();
    private long version;

    MetadataModel(List<List<Integer>> replicaLists) {
        for (int p = 0; p < replicaLists.size(); p++) {
            List<Integer> replicas = replicaLists.get(p);
            partitions.add(new PartitionState(p, replicas, replicas.get(0), 0, replicas, 0));
        }
        version = 1;
    }

    long version() {
        return version;
    }

    List<PartitionState> partitions() {
        return List.copyOf(partitions);
    }

    PartitionState partition(int p) {
        return partitions.get(p);
    }

    /** The compare-and-set of metadata-service's {@code PartitionState.alterIsr}. */
    AlterResult alterIsr(int p, int requestLeader, int requestLeaderEpoch, int requestPartitionEpoch, List<Integer> newIsr) {
        PartitionState s = partitions.get(p);
        if (requestLeaderEpoch < s.leaderEpoch()) {
            return new AlterResult(null, ErrorCode.FENCED_LEADER_EPOCH);
        }
        if (requestLeaderEpoch > s.leaderEpoch()) {
            return new AlterResult(null, ErrorCode.UNKNOWN_LEADER_EPOCH);
        }
        if (requestLeader != s.leader()) {
            return new AlterResult(null, ErrorCode.NOT_LEADER_OR_FOLLOWER);
        }
        if (requestPartitionEpoch != s.partitionEpoch()) {
            return new AlterResult(null, ErrorCode.FENCED_LEADER_EPOCH);
        }
        if (!s.replicas().containsAll(newIsr) || !newIsr.contains(s.leader()) || Set.copyOf(newIsr).size() != newIsr.size()) {
            return new AlterResult(null, ErrorCode.INVALID_REQUEST);
        }
        PartitionState next = new PartitionState(p, s.replicas(), s.leader(), s.leaderEpoch(), newIsr, s.partitionEpoch() + 1);
        partitions.set(p, next);
        version++;
        return new AlterResult(next, null);
    }

    /**
     * One controller decision: the real planner's elections for the live nodes, each applied with
     * the rule of {@code PartitionState.elect} (unclean never allowed).
     *
     * @return the partitions whose leader changed
     */
    List<PartitionState> elect(Set<Integer> live, boolean restorePreferred) {
        List<PartitionLeadership> leaderships = new ArrayList<>();
        for (PartitionState s : partitions) {
            leaderships.add(new PartitionLeadership("t", s.partition(), s.replicas(), s.leader(), s.isr(), false));
        }
        List<PartitionState> changed = new ArrayList<>();
        for (Election election : ElectionPlanner.plan(leaderships, live, restorePreferred)) {
            PartitionState s = partitions.get(election.partition());
            int leader = election.leader();
            if (leader != PartitionLeadership.NO_LEADER && !s.isr().contains(leader)) {
                throw new IllegalStateException("the planner chose " + leader + " from outside the ISR of " + s);
            }
            PartitionState next = election.reason() == Election.Reason.FENCED
                    ? new PartitionState(s.partition(), s.replicas(), s.leader(), s.leaderEpoch(),
                            s.isr().stream().filter(node -> !election.fenced().contains(node)).toList(), s.partitionEpoch() + 1)
                    : new PartitionState(s.partition(), s.replicas(), leader, s.leaderEpoch() + 1, election.isr(), s.partitionEpoch() + 1);
            partitions.set(s.partition(), next);
            changed.add(next);
        }
        if (!changed.isEmpty()) {
            version++;
        }
        return changed;
    }
}
