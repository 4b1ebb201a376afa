package io.strata.node.election;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which nodes count as live for leader election, from two sources: the raft group's JGroups view
 * (fast: a killed process drops out in about a second) and the metadata's node states (slow: DOWN
 * only after the lease runs out, but it also sees a node that stops heartbeating while its
 * JGroups connections stay open).
 *
 * <p>A node is live when the metadata has it UP and it is in the current view. One exception keeps
 * a fresh group from moving every partition at start-up: a node UP in the metadata but never seen
 * in any view since this node joined the group counts as live until {@code joinGraceMs} after the
 * first view (it may simply not have connected yet). A node once seen and now gone is dead at once.
 *
 * <p>A node that is not a member of the raft group (a node added to the cluster after the group
 * was formed, running without {@code strata.node.raft.members}) is never in a view: it is live
 * while the metadata has it UP, so that it can hold replicas and lead.
 *
 * <p>Not thread-safe: confined to the controller's thread.
 */
final class Liveness {

    private final long joinGraceMs;
    private final Predicate<Integer> raftMember;
    private final Set<Integer> everSeen = new HashSet<>();
    private Set<Integer> view = Set.of();
    private long firstViewAtMs = -1;

    /** Every node is taken for a member of the raft group. */
    Liveness(long joinGraceMs) {
        this(joinGraceMs, node -> true);
    }

    Liveness(long joinGraceMs, Predicate<Integer> raftMember) {
        this.raftMember = raftMember;
        if (joinGraceMs < 0) {
            throw new IllegalArgumentException("joinGraceMs: " + joinGraceMs + " is negative");
        }
        this.joinGraceMs = joinGraceMs;
    }

    /** Records a new view of the raft group (its members' node ids) seen at {@code nowMs}. */
    void onView(Set<Integer> members, long nowMs) {
        view = Set.copyOf(members);
        everSeen.addAll(members);
        if (firstViewAtMs < 0) {
            firstViewAtMs = nowMs;
        }
    }

    /** Whether a view has arrived: before it nothing is known and nothing may be decided. */
    boolean known() {
        return firstViewAtMs >= 0;
    }

    /** The live nodes at {@code nowMs}, given the nodes the metadata has UP. */
    Set<Integer> live(Set<Integer> upInMetadata, long nowMs) {
        boolean inGrace = firstViewAtMs >= 0 && nowMs - firstViewAtMs < joinGraceMs;
        Set<Integer> live = new TreeSet<>();
        for (int node : upInMetadata) {
            if (!raftMember.test(node) || view.contains(node) || (inGrace && !everSeen.contains(node))) {
                live.add(node);
            }
        }
        return live;
    }

    /** The current view's members, for logs. */
    Set<Integer> view() {
        return view;
    }
}
