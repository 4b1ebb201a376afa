package io.strata.metadata.partition;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A partition's replication state and its legal transitions. Immutable; pure logic.
 *
 * <p>Invariants: the ISR is a duplicate-free subset of the replicas; a leader (≥ 0) is in the ISR;
 * the leader epoch grows with every leader change (election) and every change of the replica set,
 * and the partition epoch with every change of any kind, so a caller holding old epochs is fenced.
 *
 * <p>Reassignment (Kafka's KIP-455) is a state of the partition, kept with it: while one runs,
 * {@code replicas} = target ∪ the replicas before (target first), {@code adding} = target − before and
 * {@code removing} = before − target (both disjoint subsets of the replicas; both empty when none
 * runs; the target is {@code replicas − removing}). {@link ReassignmentRules} holds its transitions.
 * The one rule that keeps data safe: the replica set shrinks to the target only once <em>every</em>
 * target replica is in the ISR ({@link ReassignmentRules#maybeComplete}), so no replica is dropped
 * before its replacements are in sync, the ISR after the move is the whole target (never empty,
 * never smaller than the target) and a removed leader is replaced by an in-sync target replica.
 * Every change of the replica set bumps the leader epoch, as Kafka's controller did: the leader
 * then takes its role afresh with the new replica set (its followers change) and a removed
 * leader is fenced.
 *
 * @param replicas       node ids; the first is the preferred leader
 * @param leader         the leading node, or −1 for none
 * @param leaderEpoch    bumped by every election and replica-set change
 * @param isr            the in-sync replicas
 * @param partitionEpoch bumped by every change: the compare-and-set token of AlterPartition
 * @param adding         replicas a running reassignment adds (empty when none runs)
 * @param removing       replicas a running reassignment removes once the target is in sync
 */
public record PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr, int partitionEpoch,
                             List<Integer> adding, List<Integer> removing) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        adding = List.copyOf(adding);
        removing = List.copyOf(removing);
    }

    /** A state with no reassignment running. */
    public PartitionState(List<Integer> replicas, int leader, int leaderEpoch, List<Integer> isr, int partitionEpoch) {
        this(replicas, leader, leaderEpoch, isr, partitionEpoch, List.of(), List.of());
    }

    /** Whether a reassignment runs. */
    public boolean reassigning() {
        return !adding.isEmpty() || !removing.isEmpty();
    }

    /** The replicas the partition will have once the running reassignment completes (the replicas when none runs). */
    public List<Integer> target() {
        return replicas.stream().filter(node -> !removing.contains(node)).toList();
    }

    /** A new partition: led by its preferred replica, every replica in sync, epochs 0. */
    public static PartitionState initial(List<Integer> replicas) {
        return new PartitionState(replicas, replicas.get(0), 0, replicas, 0);
    }

    /**
     * The state after the leader's ISR change, if the request holds the current epochs.
     *
     * @param partitionName "topic-partition", for messages
     */
    public PartitionState alterIsr(String partitionName, int requestLeader, int requestLeaderEpoch,
                                   int requestPartitionEpoch, List<Integer> newIsr) {
        if (requestLeaderEpoch < leaderEpoch) {
            throw new StrataException(ErrorCode.FENCED_LEADER_EPOCH, "leader_epoch: " + requestLeaderEpoch
                    + " is older than " + partitionName + "'s leader epoch " + leaderEpoch);
        }
        if (requestLeaderEpoch > leaderEpoch) {
            throw new StrataException(ErrorCode.UNKNOWN_LEADER_EPOCH, "leader_epoch: " + requestLeaderEpoch
                    + " is newer than " + partitionName + "'s leader epoch " + leaderEpoch);
        }
        if (requestLeader != leader) {
            throw new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "leader: node " + requestLeader
                    + " does not lead " + partitionName + " (leader is " + leader + ")");
        }
        if (requestPartitionEpoch != partitionEpoch) {
            throw new StrataException(ErrorCode.FENCED_LEADER_EPOCH, "partition_epoch: " + requestPartitionEpoch
                    + " is not " + partitionName + "'s partition epoch " + partitionEpoch);
        }
        checkIsr(partitionName, leader, newIsr);
        return ReassignmentRules.maybeComplete(withIsr(newIsr));
    }

    /**
     * The state after the controller takes the dead nodes {@code fenced} out of the ISR of a live
     * leader: same leader and leader epoch, partition epoch + 1. Unchanged (this very state) when
     * {@code requestLeader} no longer leads (the controller's view was stale) or no fenced node is
     * in the ISR. Shrinking the ISR of a live leader is always safe: every record below the high
     * watermark is on the leader and on the members that stay.
     */
    public PartitionState fence(String partitionName, int requestLeader, List<Integer> fenced) {
        if (fenced.contains(requestLeader)) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "fenced: " + fenced + " contains the leader "
                    + requestLeader + " of " + partitionName + "; a dead leader is replaced by an election");
        }
        if (requestLeader != leader || leader == NO_LEADER || isr.stream().noneMatch(fenced::contains)) {
            return this;
        }
        return withIsr(isr.stream().filter(node -> !fenced.contains(node)).toList());
    }

    /**
     * The state after the controller makes {@code newLeader} the leader with {@code newIsr}. A leader
     * from outside the current ISR (an unclean election) only when {@code uncleanAllowed}.
     */
    public PartitionState elect(String partitionName, int newLeader, List<Integer> newIsr, boolean uncleanAllowed) {
        if (newLeader != NO_LEADER) {
            if (!replicas.contains(newLeader)) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "leader: node " + newLeader
                        + " is not a replica of " + partitionName + " " + replicas);
            }
            if (!isr.contains(newLeader) && !uncleanAllowed) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "leader: node " + newLeader + " is not in "
                        + partitionName + "'s ISR " + isr + " and unclean.leader.election.enable is false");
            }
        }
        checkIsr(partitionName, newLeader, newIsr);
        return new PartitionState(replicas, newLeader, leaderEpoch + 1, newIsr, partitionEpoch + 1, adding, removing);
    }

    /**
     * The state after a preferred-leader election on request: the first replica leads, leader epoch
     * and partition epoch + 1, ISR and reassignment unchanged. Refused with ELECTION_NOT_NEEDED when
     * it already leads, PREFERRED_LEADER_NOT_AVAILABLE when it is not in the ISR or not in
     * {@code upNodes} (so the new leader always holds every acknowledged record).
     */
    public PartitionState electPreferred(String partitionName, Set<Integer> upNodes) {
        int preferred = replicas.get(0);
        if (leader == preferred) {
            throw new StrataException(ErrorCode.ELECTION_NOT_NEEDED, "partition " + partitionName
                    + ": its preferred replica " + preferred + " already leads");
        }
        if (!isr.contains(preferred) || !upNodes.contains(preferred)) {
            throw new StrataException(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, "partition " + partitionName
                    + ": its preferred replica " + preferred + (isr.contains(preferred) ? " is not UP"
                    : " is not in the ISR " + isr) + "; leader stays " + leader);
        }
        return new PartitionState(replicas, preferred, leaderEpoch + 1, isr, partitionEpoch + 1, adding, removing);
    }

    /** The same partition with {@code newIsr}: partition epoch + 1, reassignment unchanged. */
    PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, leader, leaderEpoch, newIsr, partitionEpoch + 1, adding, removing);
    }

    /**
     * A new replica set (and reassignment) with the same ISR members that remain replicas: leader
     * epoch and partition epoch + 1; the leader stays if it remains a replica in the ISR, else the
     * first in-sync replica in replica order leads (none if none is in sync).
     */
    PartitionState withReplicas(List<Integer> newReplicas, List<Integer> newAdding, List<Integer> newRemoving) {
        List<Integer> newIsr = isr.stream().filter(newReplicas::contains).toList();
        // A leaderless partition stays so: its in-sync replicas are down, the controller elects one when it returns.
        int newLeader = newIsr.contains(leader) || leader == NO_LEADER ? leader
                : newReplicas.stream().filter(newIsr::contains).findFirst().orElse(NO_LEADER);
        return new PartitionState(newReplicas, newLeader, leaderEpoch + 1, newIsr, partitionEpoch + 1, newAdding, newRemoving);
    }

    /** {@code first} then those of {@code then} not in it, without duplicates. */
    static List<Integer> union(List<Integer> first, List<Integer> then) {
        Set<Integer> all = new LinkedHashSet<>(first);
        all.addAll(then);
        return new ArrayList<>(all);
    }

    private void checkIsr(String partitionName, int withLeader, List<Integer> newIsr) {
        Set<Integer> seen = new HashSet<>();
        for (int node : newIsr) {
            if (!replicas.contains(node)) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "isr: node " + node + " is not a replica of "
                        + partitionName + " " + replicas);
            }
            if (!seen.add(node)) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "isr: node " + node + " is listed twice in " + newIsr);
            }
        }
        if (withLeader != NO_LEADER && !seen.contains(withLeader)) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "isr: " + newIsr + " does not contain the leader "
                    + withLeader + " of " + partitionName);
        }
    }
}
