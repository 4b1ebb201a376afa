package io.strata.node.replica;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the leader of a partition knows at one leader epoch: the replicas, the ISR the metadata
 * accepted, each follower's log end offset as its fetches report it, and from that the high
 * watermark and the ISR changes to propose.
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

    /** Moves the high watermark to the lowest log end offset in the ISR, if that is higher. */
    public synchronized long maybeAdvanceHighWatermark(long leaderLogEndOffset) {
        long lowest = leaderLogEndOffset;
        for (int member : isr) {
            if (member != leaderId) {
                lowest = Math.min(lowest, followers.get(member).logEndOffset);
            }
        }
        if (lowest > highWatermark) {
            highWatermark = lowest;
        }
        return highWatermark;
    }

    /**
     * The ISR to propose now: without followers out of sync for longer than {@code lagMaxMs},
     * with followers that caught up to the high watermark; empty when it is the current one.
     */
    public synchronized Optional<Set<Integer>> proposedIsr(long nowMs, long lagMaxMs) {
        Set<Integer> proposed = new TreeSet<>();
        proposed.add(leaderId);
        for (Map.Entry<Integer, FollowerProgress> follower : followers.entrySet()) {
            FollowerProgress progress = follower.getValue();
            boolean inIsr = isr.contains(follower.getKey());
            boolean inSync = nowMs - progress.lastCaughtUpMs <= lagMaxMs;
            boolean reachedHighWatermark = progress.logEndOffset >= Math.max(highWatermark, epochStartOffset);
            if (inIsr ? inSync : inSync && reachedHighWatermark) {
                proposed.add(follower.getKey());
            }
        }
        return proposed.equals(isr) ? Optional.empty() : Optional.of(Set.copyOf(proposed));
    }

    /** The metadata accepted a new ISR (AlterPartition answered with this partition epoch). */
    public synchronized void isrChanged(Set<Integer> newIsr, int newPartitionEpoch, long leaderLogEndOffset) {
        if (!newIsr.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not in the new ISR " + newIsr);
        }
        isr = Set.copyOf(newIsr);
        partitionEpoch = newPartitionEpoch;
        maybeAdvanceHighWatermark(leaderLogEndOffset);
    }

    /** The log end offset a follower last reported, or -1 before its first fetch at this epoch. */
    public synchronized long followerLogEndOffset(int replicaId) {
        FollowerProgress progress = followers.get(replicaId);
        return progress == null ? -1 : progress.logEndOffset;
    }

    /** Kafka's per-follower bookkeeping; guarded by the enclosing state's monitor. */
    private static final class FollowerProgress {
        long logEndOffset = -1;
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
