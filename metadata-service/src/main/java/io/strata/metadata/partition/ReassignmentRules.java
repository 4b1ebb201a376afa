package io.strata.metadata.partition;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The transitions of a partition reassignment (Kafka's KIP-455) over {@link PartitionState}: start
 * (or replace), complete, cancel. Pure logic, no framework; the metadata service applies them under
 * its lock, so they are the one place a reassignment changes a partition.
 *
 * <p>Who finishes a move: the metadata service, in the same step that makes the last target
 * replica in-sync. {@link #maybeComplete} runs after every ISR change (AlterPartition, the
 * controller's fencing and elections) and after every start, so there is no separate actor to
 * fail, restart or race: the reassignment is a column of the partition row and survives a
 * restart of the metadata service or of the controller.
 *
 * <p>Invariants (checked by {@code ReassignmentRulesTest} and {@code ReassignmentSimulationTest}):
 * <ul>
 *   <li>While moving, replicas = target ∪ before in Kafka's order (the target first, in its order,
 *       so the target's first node is the preferred leader; then the replicas leaving), adding =
 *       target − before, removing = before − target. A cancel restores the replicas before as a
 *       set; their order is the one they had in the moving list (as in Kafka).</li>
 *   <li>A replica leaves the replica set only when every target replica is in the ISR
 *       (completion), or when it was being added (cancel, replace): no replica of the partition
 *       before the move is dropped before its replacements are in sync.</li>
 *   <li>No transition leaves a partition that had an in-sync replica with an empty ISR; a cancel
 *       or replace that would (only adding replicas are in sync) is refused.</li>
 *   <li>A removed leader is replaced, in the same step, by an in-sync replica that stays; every
 *       replica-set change bumps the leader epoch, so a removed leader is fenced.</li>
 * </ul>
 * Once every partition of a topic has finished moving with one replica count, that count is the
 * topic's stored replication factor ({@link #settledReplicationFactor}), which partitions added
 * later get and DescribeTopics, REST and Kafka's Metadata report.
 * Immutable inputs and outputs; thread-safe.
 */
public final class ReassignmentRules {

    private ReassignmentRules() {
    }

    /**
     * Starts moving the partition to {@code target}, replacing a reassignment in progress (as Kafka
     * does: the new target counts from the replicas before the running move; replicas that move was
     * adding and the new target does not name are dropped at once — they were never needed).
     *
     * @param knownNodes the nodes the cluster knows (registered, up or down)
     */
    public static PartitionState reassign(String partitionName, PartitionState state, List<Integer> target,
                                          Set<Integer> knownNodes) {
        checkTarget(partitionName, target, knownNodes);
        List<Integer> before = before(state);
        List<Integer> adding = target.stream().filter(node -> !before.contains(node)).toList();
        List<Integer> removing = before.stream().filter(node -> !target.contains(node)).toList();
        List<Integer> replicas = adding.isEmpty() && removing.isEmpty() ? target : PartitionState.union(target, before);
        if (replicas.equals(state.replicas()) && adding.equals(state.adding()) && removing.equals(state.removing())) {
            return state; // the same move again (or a move to where it is): nothing to change
        }
        return maybeComplete(checkKeepsIsr(partitionName, state, state.withReplicas(replicas, adding, removing)));
    }

    /** Reverts a running reassignment: the adding replicas go, the partition has its replicas before the move. */
    public static PartitionState cancel(String partitionName, PartitionState state) {
        if (!state.reassigning()) {
            throw new StrataException(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, "partition " + partitionName
                    + " has no reassignment in progress (replicas " + state.replicas() + ")");
        }
        return checkKeepsIsr(partitionName, state, state.withReplicas(before(state), List.of(), List.of()));
    }

    /**
     * Completes the running reassignment once every target replica is in the ISR: replicas = target,
     * ISR = ISR ∩ target (= the target), and a removed leader replaced by the first in-sync target
     * replica. Unchanged otherwise.
     */
    public static PartitionState maybeComplete(PartitionState state) {
        if (!state.reassigning()) {
            return state;
        }
        List<Integer> target = state.target();
        if (!state.isr().containsAll(target)) {
            return state;
        }
        return state.withReplicas(target, List.of(), List.of());
    }

    /**
     * The replication factor a topic's partitions have settled on: N when none of them is moving and
     * each has N replicas; empty while any moves or their counts differ (a topic whose partitions
     * are changed one by one keeps its stored factor until the last of them is done).
     */
    public static OptionalInt settledReplicationFactor(List<PartitionState> partitions) {
        if (partitions.isEmpty() || partitions.stream().anyMatch(PartitionState::reassigning)) {
            return OptionalInt.empty();
        }
        int count = partitions.get(0).replicas().size();
        return partitions.stream().allMatch(p -> p.replicas().size() == count) ? OptionalInt.of(count) : OptionalInt.empty();
    }

    /** The replicas the partition had before the running move (its replicas when none runs). */
    private static List<Integer> before(PartitionState state) {
        return state.replicas().stream().filter(node -> !state.adding().contains(node)).toList();
    }

    private static PartitionState checkKeepsIsr(String partitionName, PartitionState from, PartitionState to) {
        if (!from.isr().isEmpty() && to.isr().isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "partition " + partitionName
                    + ": only replicas being added are in sync (ISR " + from.isr() + "); dropping them would leave no"
                    + " in-sync replica. Wait until a replica of " + before(from) + " is back in sync, or move to a"
                    + " target that keeps one of " + from.isr());
        }
        return to;
    }

    private static void checkTarget(String partitionName, List<Integer> target, Set<Integer> knownNodes) {
        if (target.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "target_replicas: empty for partition "
                    + partitionName + "; name at least one node (use cancel to stop a reassignment)");
        }
        Set<Integer> seen = new HashSet<>();
        for (int node : target) {
            if (!seen.add(node)) {
                throw new StrataException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "target_replicas: node " + node
                        + " is listed twice in " + target + " for partition " + partitionName);
            }
            if (!knownNodes.contains(node)) {
                throw new StrataException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "target_replicas: node " + node
                        + " of " + target + " for partition " + partitionName + " is not a node of this cluster (nodes "
                        + knownNodes.stream().sorted().toList() + ")");
            }
        }
    }
}
