package io.strata.node.election;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Decides which partitions need a new leader, given the partitions' leadership and the live nodes.
 * Pure logic: no I/O, no clock, no framework; the same input always gives the same plan.
 *
 * <p>Rules, in order, for each partition:
 * <ol>
 *   <li>Leader live, some ISR members dead: they leave the ISR, the leader stays at its epoch
 *       ({@link Election.Reason#FENCED}; KRaft does the same when it fences a broker). Without it an
 *       {@code acks=all} append would wait for the dead member until the leader drops it after
 *       {@code replica.lag.time.max} (30 s); with it, only as long as the controller takes to see
 *       the node dead (about a second for a killed process).</li>
 *   <li>Leader live, ISR all live: nothing to do, except give leadership back to the preferred
 *       replica (the first of {@code replicas}) when it is live, in the ISR and not leading
 *       ({@link Election.Reason#PREFERRED}, ISR unchanged) — only when {@code restorePreferred}.</li>
 *   <li>Leader dead or none: the first replica, in preference order, that is live and in the ISR
 *       leads; the ISR shrinks to its live members ({@link Election.Reason#CLEAN}).</li>
 *   <li>No live ISR member, the topic allows unclean election: the first live replica leads with
 *       an ISR of itself alone ({@link Election.Reason#UNCLEAN}).</li>
 *   <li>Otherwise the partition is left leaderless, its ISR unchanged, so that the last in-sync
 *       replica (which holds every acknowledged record) can lead cleanly when it returns
 *       ({@link Election.Reason#LEADERLESS}); a partition already leaderless is left alone.</li>
 * </ol>
 *
 * <p>Invariants of every election planned: the leader is a replica and is live, or is
 * {@link PartitionLeadership#NO_LEADER}; the ISR is a subset of the replicas and contains the
 * leader; a leader from outside the ISR only when the topic allows unclean election; a FENCED
 * change keeps the leader and removes only dead nodes. A dead follower never causes an election
 * (that would bump the leader epoch and fence the healthy leader for nothing).
 */
public final class ElectionPlanner {

    private ElectionPlanner() {
    }

    /** The elections that {@code partitions} need with {@code live} nodes, in input order. */
    public static List<Election> plan(Collection<PartitionLeadership> partitions, Set<Integer> live,
                                      boolean restorePreferred) {
        List<Election> elections = new ArrayList<>();
        for (PartitionLeadership partition : partitions) {
            Election election;
            if (!live.contains(partition.leader())) {
                election = maybeReplaceLeader(partition, live);
            } else if (partition.isr().contains(partition.leader()) && !live.containsAll(partition.isr())) {
                election = fenceDeadMembers(partition, live);
            } else {
                election = restorePreferred ? maybeRestorePreferred(partition, live) : null;
            }
            if (election != null) {
                checkInvariants(partition, live, election);
                elections.add(election.basedOn(partition));
            }
        }
        return elections;
    }

    private static Election fenceDeadMembers(PartitionLeadership partition, Set<Integer> live) {
        List<Integer> dead = partition.isr().stream().filter(node -> !live.contains(node)).toList();
        return new Election(partition.topic(), partition.partition(), partition.leader(), liveIsr(partition, live), Election.Reason.FENCED, dead);
    }

    private static List<Integer> liveIsr(PartitionLeadership partition, Set<Integer> live) {
        return partition.isr().stream().filter(live::contains).toList();
    }

    private static Election maybeRestorePreferred(PartitionLeadership partition, Set<Integer> live) {
        int preferred = partition.preferred();
        if (preferred == partition.leader() || !live.contains(preferred) || !partition.isr().contains(preferred)) {
            return null;
        }
        return new Election(partition.topic(), partition.partition(), preferred, partition.isr(), Election.Reason.PREFERRED);
    }

    private static Election maybeReplaceLeader(PartitionLeadership partition, Set<Integer> live) {
        List<Integer> liveIsr = liveIsr(partition, live);
        for (int replica : partition.replicas()) {
            if (liveIsr.contains(replica)) {
                return new Election(partition.topic(), partition.partition(), replica, liveIsr, Election.Reason.CLEAN);
            }
        }
        if (partition.uncleanAllowed()) {
            for (int replica : partition.replicas()) {
                if (live.contains(replica)) {
                    return new Election(partition.topic(), partition.partition(), replica, List.of(replica),
                            Election.Reason.UNCLEAN);
                }
            }
        }
        if (partition.leader() == PartitionLeadership.NO_LEADER) {
            return null;
        }
        return new Election(partition.topic(), partition.partition(), PartitionLeadership.NO_LEADER, partition.isr(),
                Election.Reason.LEADERLESS);
    }

    private static void checkInvariants(PartitionLeadership partition, Set<Integer> live, Election election) {
        boolean ok = partition.replicas().containsAll(election.isr());
        if (election.reason() == Election.Reason.FENCED) {
            ok &= election.leader() == partition.leader() && live.contains(election.leader())
                    && election.fenced().stream().noneMatch(live::contains) && !election.fenced().contains(election.leader());
        }
        if (election.leader() != PartitionLeadership.NO_LEADER) {
            ok &= live.contains(election.leader()) && partition.replicas().contains(election.leader())
                    && election.isr().contains(election.leader())
                    && (partition.isr().contains(election.leader()) || partition.uncleanAllowed());
        }
        if (!ok) {
            throw new IllegalStateException("election " + election + " breaks an invariant for " + partition
                    + " with live nodes " + live);
        }
    }
}
