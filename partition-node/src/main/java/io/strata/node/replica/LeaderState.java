package io.strata.node.replica;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the leader of a partition knows at one leader epoch: the replicas, the ISR the metadata
 * accepted, each follower's log end and start offsets as its fetches report them, and from that
 * the high watermark, the low watermark (DeleteRecords) and the ISR changes to propose.
 *
 * <p>Invariants: the leader is in the ISR; the high watermark never decreases at this epoch and
 * never passes the log end offset of any ISR member (so a record below it is on every in-sync
 * replica, and consumers, who read only below it, never see a record a failover could lose).
 *
 * <p>A follower is caught up (Kafka's rule) when it fetches from the leader's log end offset, or
 * from at least the log end offset the leader had at its previous fetch; it falls out of sync
 * when it has not been caught up for {@code replica.lag.time.max.ms}. An out-of-sync follower
 * joins the ISR only once its log end offset reaches both the high watermark and the offset at
 * which this leader's epoch began (Kafka's rule): a leader that just took over may know the high
 * watermark from far behind, and a follower past that stale mark but short of the records the
 * leader inherited could otherwise join, be elected, and lose committed records (found by the
 * replication simulation, seed 220).
 *
 * <p>Maximal ISR (Kafka's KIP-497): from the moment the leader proposes an ISR expansion until it
 * hears the outcome, the proposed new members count for the high watermark as if they were in the
 * ISR. The metadata (which the controller elects from) has them in the ISR from the moment it
 * accepts, before the answer reaches the leader; counting only the accepted ISR would let the high
 * watermark pass a member the controller may elect (found by the replication simulation, seed 54).
 * They stop counting only when the ISR changes (an accepted answer, or the metadata's push,
 * brings a newer partition epoch): an unanswered proposal may have been accepted, and a refused
 * one may have been refused because an earlier, unanswered one was accepted. Until then
 * {@link #proposedIsr} keeps proposing (the current ISR, at worst), so that the answer settles it
 * and a joiner that died meanwhile cannot hold the high watermark for good. A shrink needs no such
 * care: the leaving member counts until the shrink is accepted, because the ISR changes only then.
 *
 * <p>Thread-safe: follower fetches from several request threads update it; every method holds
 * the monitor for a few field updates. {@link Replica} changes the ISR only under its write lock,
 * so that an append (under the read lock) sees one ISR from admission to its high watermark.
 * It lives in {@code node.replica} because it is the state of the {@link ReplicaRole.Leading}
 * role, which only {@link Replica} moves between.
 */
public final class LeaderState {

    private final int leaderId;
    private final int leaderEpoch;
    private final List<Integer> replicas;
    private final Map<Integer, FollowerProgress> followers = new HashMap<>();
    private int partitionEpoch;
    private Set<Integer> isr;
    /** Members of an expansion proposed and not yet answered: they count for the high watermark. */
    private Set<Integer> joining = Set.of();
    private long highWatermark;
    /** The leader's log end offset when it took this epoch; no follower joins the ISR below it. */
    private long epochStartOffset;

    public LeaderState(int leaderId, int leaderEpoch, int partitionEpoch, List<Integer> replicas, Set<Integer> isr,
                       long highWatermark, long nowMs) {
        if (!isr.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not in its ISR " + isr);
        }
        this.leaderId = leaderId;
        this.leaderEpoch = leaderEpoch;
        this.partitionEpoch = partitionEpoch;
        this.replicas = List.copyOf(replicas);
        this.isr = Set.copyOf(isr);
        this.highWatermark = highWatermark;
        for (int replica : replicas) {
            if (replica != leaderId) {
                followers.put(replica, new FollowerProgress(nowMs));
            }
        }
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public synchronized int partitionEpoch() {
        return partitionEpoch;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public synchronized Set<Integer> isr() {
        return isr;
    }

    public synchronized long highWatermark() {
        return highWatermark;
    }

    /**
     * The leader's log end offset at the moment it took this epoch; called by {@link Replica}
     * under its write lock as it becomes leader, before any follower can fetch.
     */
    public synchronized void epochStartOffset(long logEndOffset) {
        epochStartOffset = logEndOffset;
    }

    /**
     * Records a follower's fetch from {@code fetchOffset} (its log end offset) and advances the
     * high watermark if it can.
     *
     * @return the high watermark after the fetch
     */
    public synchronized long onFollowerFetch(int replicaId, long fetchOffset, long leaderLogEndOffset, long nowMs) {
        FollowerProgress progress = followers.get(replicaId);
        if (progress == null) {
            throw new IllegalArgumentException("node " + replicaId + " is not a replica of this partition " + replicas);
        }
        progress.update(fetchOffset, leaderLogEndOffset, nowMs);
        return maybeAdvanceHighWatermark(leaderLogEndOffset);
    }

    /** Moves the high watermark to the lowest log end offset in the maximal ISR (ISR and joining members), if that is higher. */
    public synchronized long maybeAdvanceHighWatermark(long leaderLogEndOffset) {
        long lowest = leaderLogEndOffset;
        for (int member : isr) {
            if (member != leaderId) {
                lowest = Math.min(lowest, followers.get(member).logEndOffset);
            }
        }
        for (int member : joining) {
            lowest = Math.min(lowest, followers.get(member).logEndOffset);
        }
        if (lowest > highWatermark) {
            highWatermark = lowest;
        }
        return highWatermark;
    }

    /**
     * The ISR to propose now: without followers out of sync for longer than {@code lagMaxMs},
     * with followers that caught up to the high watermark; empty when it is the current one and
     * no proposal is unsettled (see the maximal ISR above).
     */
    public synchronized Optional<Set<Integer>> proposedIsr(long nowMs, long lagMaxMs) {
        Set<Integer> proposed = new TreeSet<>();
        proposed.add(leaderId);
        for (Map.Entry<Integer, FollowerProgress> follower : followers.entrySet()) {
            FollowerProgress progress = follower.getValue();
            boolean inIsr = isr.contains(follower.getKey());
            boolean inSync = nowMs - progress.lastCaughtUpMs <= lagMaxMs;
            if (inIsr ? inSync : inSync && reachedHighWatermark(progress)) {
                proposed.add(follower.getKey());
            }
        }
        return proposed.equals(isr) && joining.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(proposed));
    }

    /**
     * The leader is about to send {@code proposed} (from {@link #proposedIsr}) to the metadata:
     * its new members count for the high watermark from now until the outcome is known (maximal
     * ISR). Checked again here, atomically with the marking, because the high watermark may have
     * moved since: a new member whose log end is now below it is left out of the proposal.
     *
     * @return the proposal to send; empty when nothing is left to change or settle
     */
    public synchronized Optional<Set<Integer>> proposing(Set<Integer> proposed) {
        Set<Integer> send = new TreeSet<>();
        Set<Integer> more = new TreeSet<>(joining);
        for (int member : proposed) {
            if (member == leaderId || isr.contains(member)) {
                send.add(member);
            } else {
                FollowerProgress progress = followers.get(member);
                if (progress != null && reachedHighWatermark(progress)) {
                    send.add(member);
                    more.add(member);
                }
            }
        }
        joining = Set.copyOf(more);
        return send.equals(isr) && joining.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(send));
    }

    /**
     * The join rule: a follower may join the ISR once its log reaches the high watermark and this
     * leader's epoch start (so that it holds every record this leader may have acknowledged).
     */
    private boolean reachedHighWatermark(FollowerProgress progress) {
        return progress.logEndOffset >= Math.max(highWatermark, epochStartOffset);
    }

    /** Members proposed for the ISR whose outcome is not known yet. */
    public synchronized Set<Integer> joining() {
        return joining;
    }

    /**
     * The metadata has a new ISR at {@code newPartitionEpoch} (an accepted AlterPartition's answer,
     * or the metadata's push). Ignored when this state knows that partition epoch or a newer one
     * already: an answer can arrive after the push of a later change (the controller fencing a
     * dead member), and applying it would bring back an ISR that no longer holds.
     *
     * @return whether the ISR was taken
     */
    public synchronized boolean isrChanged(Set<Integer> newIsr, int newPartitionEpoch, long leaderLogEndOffset) {
        if (!newIsr.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not in the new ISR " + newIsr);
        }
        if (newPartitionEpoch <= partitionEpoch) {
            return false;
        }
        isr = Set.copyOf(newIsr);
        joining = Set.of();
        partitionEpoch = newPartitionEpoch;
        maybeAdvanceHighWatermark(leaderLogEndOffset);
        return true;
    }

    /**
     * Records where a follower's log starts, as its fetch reports it.
     *
     * @return whether that changed
     */
    public synchronized boolean followerLogStartOffset(int replicaId, long logStartOffset) {
        FollowerProgress progress = followers.get(replicaId);
        if (progress == null || progress.logStartOffset == logStartOffset) {
            return false;
        }
        progress.logStartOffset = logStartOffset;
        return true;
    }

    /**
     * Kafka's low watermark: the lowest log start offset among the leader ({@code leaderLogStartOffset})
     * and the in-sync followers, −1 while one of them has not reported its own yet. Out-of-sync
     * followers do not hold it back: they cannot be elected, and they learn the start (or start
     * over at it) when they fetch again.
     */
    public synchronized long lowWatermark(long leaderLogStartOffset) {
        long lowest = leaderLogStartOffset;
        for (int member : isr) {
            if (member != leaderId) {
                lowest = Math.min(lowest, followers.get(member).logStartOffset);
            }
        }
        return lowest;
    }

    /** The log end offset a follower last reported, or -1 before its first fetch at this epoch. */
    public synchronized long followerLogEndOffset(int replicaId) {
        FollowerProgress progress = followers.get(replicaId);
        return progress == null ? -1 : progress.logEndOffset;
    }

    /** Kafka's per-follower bookkeeping; guarded by the enclosing state's monitor. */
    private static final class FollowerProgress {
        long logEndOffset = -1;
        long logStartOffset = -1;
        long lastCaughtUpMs;
        long lastFetchLeaderLogEndOffset = -1;
        long lastFetchMs;

        FollowerProgress(long nowMs) {
            this.lastCaughtUpMs = nowMs;
        }

        void update(long fetchOffset, long leaderLogEndOffset, long nowMs) {
            if (fetchOffset >= leaderLogEndOffset) {
                lastCaughtUpMs = Math.max(lastCaughtUpMs, nowMs);
            } else if (fetchOffset >= lastFetchLeaderLogEndOffset && lastFetchLeaderLogEndOffset >= 0) {
                lastCaughtUpMs = Math.max(lastCaughtUpMs, lastFetchMs);
            }
            logEndOffset = fetchOffset;
            lastFetchLeaderLogEndOffset = leaderLogEndOffset;
            lastFetchMs = nowMs;
        }
    }
}
