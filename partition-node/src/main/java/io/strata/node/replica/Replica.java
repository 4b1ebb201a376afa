package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.log.AppendResult;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.LogSlice;
import io.strata.node.log.OffsetCheckpoint;
import io.strata.node.log.PartitionLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One partition replica on this node: its log, its topic configs, its role (leading, following
 * or offline at a leader epoch), its high watermark, and the requests waiting on it. The leader
 * side's state ({@link LeaderState}, {@link HighWatermarkWaiters}) lives in this package because
 * it is the state of the {@link ReplicaRole.Leading} role; {@code node.replication} (fetchers,
 * role assignment from the metadata) uses this package and not the other way round.
 *
 * <p>Invariants: only the leader takes appends, and only at the epoch it leads — an append is
 * written with the leader epoch it was accepted under, and that epoch is still this replica's
 * when the batch lands; a follower writes (truncation, fetched batches) only in the very
 * {@link ReplicaRole.Following} role it read before asking its leader, so that nothing a previous
 * role fetched or accepted lands after a role change; consumers read only below the high
 * watermark; {@link #nextChange()} is completed after every append, every high-watermark
 * advance, every DeleteRecords and every rise of the {@link #lowWatermark()}, so a fetch (or a
 * DeleteRecords waiting for its followers) that took it before looking cannot miss a change; the
 * acks=all promise is kept by {@link HighWatermarkWaiters}; the log start offset moves only up to
 * the high watermark, on the leader by DeleteRecords and on a follower to its leader's.
 *
 * <p>Thread-safety: {@code leaderIsrUpdateLock} (Kafka's name for the same lock) orders role
 * changes against everything that acts on the role. Leader appends (validation included),
 * follower fetches at the leader, and batches appended as follower take its read lock, shared,
 * and check the role under it; becoming leader, follower or offline, an ISR change, and a
 * follower's truncation take its write lock, alone. So a role change waits for every append in
 * progress to land at the old epoch (the new role's truncation then sees it), and no append
 * starts at an epoch that is over. Futures (acks=all waiters, {@link #nextChange()}) are
 * completed after the lock is released, so that no callback runs under it. {@code role} is
 * volatile for lock-free readers that only look (consumer reads, the ISR thread, the fetcher's
 * choice of partitions), who act on it only through a method that checks it again under the lock.
 */
public final class Replica {

    /** The replica's last checkpointed high watermark, in its partition directory. */
    public static final String HIGH_WATERMARK_FILE = "high-watermark";

    private final TopicPartition id;
    private final String topicId;
    private final int localNodeId;
    private final PartitionLog log;
    private final HighWatermarkWaiters ackWaiters;
    private final ReplicaEvents events;
    private final ReplicaTraffic traffic = new ReplicaTraffic();
    private final ReentrantReadWriteLock leaderIsrUpdateLock = new ReentrantReadWriteLock();
    private final ChangeWaiters changeWaiters = new ChangeWaiters();
    private volatile Map<String, String> configs;
    /** The topic's configs over the cluster defaults: what min.insync.replicas is read from. */
    private volatile Map<String, String> effectiveConfigs;
    private volatile ReplicaRole role;
    private volatile long followerHighWatermark;
    private final OffsetCheckpoint highWatermarkFile;
    /** The value in {@link #highWatermarkFile}; guarded by {@link #checkpointHighWatermark}'s monitor. */
    private long checkpointedHighWatermark = -1;
    /** The last high watermark waiters were told of; written by whoever advances it (a follower fetch or an append). */
    private volatile long signalledHighWatermark = -1;

    /**
     * @param ackWaiterPlaces the node's places for acks=all waiters, shared by all its replicas
     * @param events told of ISR changes and acks=all waits
     */
    Replica(TopicPartition id, String topicId, int localNodeId, PartitionLog log, Map<String, String> configs,
            Map<String, String> effectiveConfigs, boolean standalone, ScheduledExecutorService timer, Semaphore ackWaiterPlaces, ReplicaEvents events) {
        this.id = id;
        this.topicId = topicId;
        this.localNodeId = localNodeId;
        this.log = log;
        this.configs = Map.copyOf(configs);
        this.effectiveConfigs = Map.copyOf(effectiveConfigs);
        this.ackWaiters = new HighWatermarkWaiters(id.toString(), timer, ackWaiterPlaces);
        this.events = events;
        this.highWatermarkFile = new OffsetCheckpoint(log.dir().resolve(HIGH_WATERMARK_FILE));
        // Never above the log end: a crash may have lost an unflushed tail the mark had passed.
        this.followerHighWatermark = Math.min(highWatermarkFile.read().orElse(0), log.logEndOffset());
        this.role = standalone
                ? new ReplicaRole.Leading(new LeaderState(localNodeId, 0, 0, List.of(localNodeId), Set.of(localNodeId),
                        log.logEndOffset(), System.currentTimeMillis()))
                : new ReplicaRole.Offline(-1);
    }

    public TopicPartition id() {
        return id;
    }

    /** The id of the topic incarnation this replica belongs to; empty when created without one. */
    public String topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    /** What producers and consumers moved through this replica since it was opened. */
    public ReplicaTraffic traffic() {
        return traffic;
    }

    /** The topic's own configs (overrides; the cluster's and the node's defaults fill the rest). */
    public Map<String, String> configs() {
        return configs;
    }

    /** The topic's own configs over the cluster defaults this node knows (see {@code ConfigLayers}). */
    public Map<String, String> effectiveConfigs() {
        return effectiveConfigs;
    }

    void configs(Map<String, String> configs, Map<String, String> effectiveConfigs) {
        this.configs = Map.copyOf(configs);
        this.effectiveConfigs = Map.copyOf(effectiveConfigs);
    }

    public ReplicaRole role() {
        return role;
    }

    /**
     * Writes the high watermark to the {@code high-watermark} file if it moved since the last
     * write (atomically, fsynced). A replica opened again starts from it, capped at its log end.
     */
    synchronized void checkpointHighWatermark() {
        long highWatermark = highWatermark();
        if (highWatermark == checkpointedHighWatermark) {
            return;
        }
        try {
            highWatermarkFile.write(highWatermark);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + HIGH_WATERMARK_FILE + " of " + id, e);
        }
        checkpointedHighWatermark = highWatermark;
    }

    /** Consumers may read below this offset. */
    public long highWatermark() {
        return role instanceof ReplicaRole.Leading leading ? leading.state().highWatermark() : followerHighWatermark;
    }

    public int minInsyncReplicas() {
        return Integer.parseInt(effectiveConfigs.getOrDefault("min.insync.replicas", "1"));
    }

    // ---- leader side --------------------------------------------------------------------------

    /**
     * Validates and appends a producer's batches as leader, at the leader epoch current under the
     * lock. With {@code waitForIsr} (acks=all) the append is first admitted by
     * {@link HighWatermarkWaiters#admit} (NOT_ENOUGH_REPLICAS, THROTTLED: nothing written), and
     * the answer waits until every in-sync replica has the records and the ISR still has
     * {@code min.insync.replicas} members (else NOT_ENOUGH_REPLICAS_AFTER_APPEND).
     */
    public CompletionStage<AppendResult> append(ByteBuffer records, boolean waitForIsr, long timeoutMs) {
        AppendResult result;
        CompletableFuture<Void> acknowledged = null;
        HighWatermark highWatermark;
        Lock shared = leaderIsrUpdateLock.readLock();
        shared.lock();
        try {
            LeaderState leader = leaderState();
            if (waitForIsr) {
                ackWaiters.admit(leader.isr(), minInsyncReplicas());
            }
            try {
                result = log.appendAsLeader(records, leader.leaderEpoch());
            } catch (RuntimeException refused) {
                if (waitForIsr) {
                    ackWaiters.release();
                }
                throw refused;
            }
            highWatermark = new HighWatermark(leader.maybeAdvanceHighWatermark(log.logEndOffset()), leader.isr());
            if (waitForIsr) {
                // Under the lock, so that a role change (which fails every waiter) cannot slip
                // between this append and its waiter.
                acknowledged = ackWaiters.await(result.lastOffset() + 1, timeoutMs);
            }
        } finally {
            shared.unlock();
        }
        traffic.appended(result.recordCount(), result.sizeInBytes());
        publish(highWatermark);
        signalChange();
        if (!waitForIsr) {
            return CompletableFuture.completedFuture(result);
        }
        long written = System.nanoTime();
        return acknowledged.thenApply(done -> {
            events.acknowledged(id, System.nanoTime() - written);
            return result;
        });
    }

    /** A follower's fetch from a follower that does not say where its log starts. */
    public LogReadResult readForFollower(int followerId, long fetchOffset, int leaderEpoch, int maxBytes) {
        return readForFollower(followerId, fetchOffset, -1, leaderEpoch, maxBytes);
    }

    /**
     * A follower's fetch: records its progress (maybe advancing the high watermark) and its log
     * start offset (maybe advancing the {@link #lowWatermark()}), and reads for it.
     */
    public LogReadResult readForFollower(int followerId, long fetchOffset, long followerLogStartOffset, int leaderEpoch,
                                         int maxBytes) {
        LogReadResult read;
        HighWatermark highWatermark;
        boolean lowWatermarkMoved;
        Lock shared = leaderIsrUpdateLock.readLock();
        shared.lock();
        try {
            LeaderState leader = leaderState();
            if (leaderEpoch < leader.leaderEpoch()) {
                throw new StrataException(ErrorCode.FENCED_LEADER_EPOCH, "follower " + followerId + " fetches " + id
                        + " at leader epoch " + leaderEpoch + ", but the current epoch is " + leader.leaderEpoch());
            }
            if (leaderEpoch > leader.leaderEpoch()) {
                throw new StrataException(ErrorCode.UNKNOWN_LEADER_EPOCH, "follower " + followerId + " fetches " + id
                        + " at leader epoch " + leaderEpoch + ", newer than this leader's " + leader.leaderEpoch());
            }
            read = log.read(fetchOffset, maxBytes);
            long advanced = leader.onFollowerFetch(followerId, fetchOffset, log.logEndOffset(), System.currentTimeMillis());
            highWatermark = new HighWatermark(advanced, leader.isr());
            lowWatermarkMoved = followerLogStartOffset >= 0 && leader.followerLogStartOffset(followerId, followerLogStartOffset);
        } finally {
            shared.unlock();
        }
        publish(highWatermark);
        if (lowWatermarkMoved) {
            signalChange(); // a DeleteRecords may be waiting for this follower
        }
        return read;
    }

    /**
     * Kafka's DeleteRecords at the leader: moves the log start offset to {@code offset}, or to the
     * high watermark when it is −1. Followers learn it from their next fetch; {@link #lowWatermark()}
     * tells when every in-sync replica has.
     *
     * @return the log start offset asked for (the leader's may be higher already)
     * @throws StrataException OFFSET_OUT_OF_RANGE for an offset above the high watermark or
     *                         below −1; NOT_LEADER_OR_FOLLOWER when this node does not lead
     */
    public long deleteRecordsBefore(long offset) {
        long target;
        Lock shared = leaderIsrUpdateLock.readLock();
        shared.lock();
        try {
            long highWatermark = leaderState().highWatermark();
            target = offset == -1 ? highWatermark : offset;
            if (target < 0 || target > highWatermark) {
                throw new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "cannot delete the records of " + id + " before offset "
                        + offset + ": it must be between 0 and the high watermark " + highWatermark + ", or -1 for the high watermark");
            }
            log.maybeIncrementLogStartOffset(target);
        } finally {
            shared.unlock();
        }
        signalChange(); // wakes followers' long polls so that they learn the new start now
        return target;
    }

    /**
     * The lowest log start offset of the leader and its in-sync followers (Kafka's low
     * watermark): records below it are deleted on every replica that could lead next.
     */
    public long lowWatermark() {
        return leaderState().lowWatermark(log.logStartOffset());
    }

    /** The leader's state; NOT_LEADER_OR_FOLLOWER when this node does not lead the partition now. */
    public LeaderState leaderState() {
        ReplicaRole current = role;
        if (current instanceof ReplicaRole.Leading leading) {
            return leading.state();
        }
        String leader = current instanceof ReplicaRole.Following following ? "node " + following.leaderId() : "no node";
        throw new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "node " + localNodeId + " does not lead " + id
                + "; " + leader + " does at leader epoch " + current.leaderEpoch());
    }

    /**
     * The metadata accepted an ISR change this leader proposed at {@code state}; ignored when
     * this replica no longer leads with that state (a newer epoch began meanwhile) or already
     * knows this partition epoch.
     *
     * @return whether the ISR changed
     */
    public boolean isrChanged(LeaderState state, Set<Integer> isr, int partitionEpoch) {
        HighWatermark highWatermark;
        Set<Integer> before;
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            before = state.isr();
            if (!(role instanceof ReplicaRole.Leading leading) || leading.state() != state
                    || !state.isrChanged(isr, partitionEpoch, log.logEndOffset())) {
                return false;
            }
            highWatermark = new HighWatermark(state.highWatermark(), state.isr());
        } finally {
            exclusive.unlock();
        }
        publish(highWatermark);
        if (!before.equals(highWatermark.isr())) {
            events.isrChanged(id, before, highWatermark.isr());
        }
        return true;
    }

    /** The high watermark and the ISR it was computed with, read together under the lock. */
    private record HighWatermark(long offset, Set<Integer> isr) {
    }

    /** Tells waiters and long-polling fetches of a high watermark; outside the lock (futures complete here). */
    private void publish(HighWatermark highWatermark) {
        ackWaiters.advanced(highWatermark.offset(), highWatermark.isr(), minInsyncReplicas());
        if (highWatermark.offset() > signalledHighWatermark) {
            signalledHighWatermark = highWatermark.offset();
            signalChange();
        }
    }

    // ---- role changes (replication thread only) ------------------------------------------------

    /** Leads the partition from {@code state}'s epoch on. */
    public void becomeLeader(LeaderState state) {
        HighWatermark highWatermark;
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            log.recordLeaderEpoch(state.leaderEpoch());
            state.epochStartOffset(log.logEndOffset());
            ackWaiters.reset(state.highWatermark());
            signalledHighWatermark = -1;
            role = new ReplicaRole.Leading(state);
            highWatermark = new HighWatermark(state.maybeAdvanceHighWatermark(log.logEndOffset()), state.isr());
        } finally {
            exclusive.unlock();
        }
        publish(highWatermark);
    }

    /** Follows {@code leaderId} from {@code leaderEpoch} on; waiting acks=all appends fail. */
    public void becomeFollower(int leaderId, int leaderEpoch) {
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            long highWatermark = highWatermark();
            role = new ReplicaRole.Following(leaderId, leaderEpoch, false);
            followerHighWatermark = Math.min(highWatermark, log.logEndOffset());
        } finally {
            exclusive.unlock();
        }
        ackWaiters.failAll(new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                "node " + localNodeId + " no longer leads " + id + "; node " + leaderId + " does at epoch " + leaderEpoch));
    }

    /** No leader is known; waiting acks=all appends fail. */
    public void becomeOffline(int leaderEpoch) {
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            role = new ReplicaRole.Offline(leaderEpoch);
        } finally {
            exclusive.unlock();
        }
        ackWaiters.failAll(new StrataException(ErrorCode.LEADER_NOT_AVAILABLE, id + " has no leader at epoch " + leaderEpoch));
    }

    // ---- follower side (the fetcher's thread) -------------------------------------------------

    /**
     * Cuts the divergent tail at {@code offset} (nothing when it is at or past the log end) and
     * marks the follower ready to fetch — only if the role is still {@code expected}: a role that
     * changed meanwhile (a newer epoch, or leadership) is left alone.
     *
     * @return whether it was done
     */
    public boolean truncateAsFollower(ReplicaRole.Following expected, long offset) {
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            if (!expected.equals(role)) {
                return false;
            }
            log.truncateTo(offset);
            followerHighWatermark = Math.min(followerHighWatermark, log.logEndOffset());
            role = new ReplicaRole.Following(expected.leaderId(), expected.leaderEpoch(), true);
            return true;
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * Empties the log and starts it at {@code offset} (the leader no longer has the offsets this
     * follower would fetch next), only if the role is still {@code expected}.
     *
     * @return whether it was done
     */
    public boolean restartAsFollower(ReplicaRole.Following expected, long offset) {
        Lock exclusive = leaderIsrUpdateLock.writeLock();
        exclusive.lock();
        try {
            if (!expected.equals(role)) {
                return false;
            }
            log.truncateFullyAndStartAt(offset);
            followerHighWatermark = Math.min(followerHighWatermark, log.logEndOffset());
            return true;
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * Appends batches fetched from the leader (possibly none) and learns its high watermark, only
     * if the role is still {@code expected}, the one the fetch was made in.
     *
     * @return whether they were applied
     */
    public boolean appendAsFollower(ReplicaRole.Following expected, ByteBuffer records, long leaderHighWatermark) {
        return appendAsFollower(expected, records, leaderHighWatermark, -1);
    }

    /**
     * As {@link #appendAsFollower(ReplicaRole.Following, ByteBuffer, long)}, then moves this
     * replica's log start offset up to the leader's (records the leader deleted), never past the
     * high watermark it learned: a follower deletes only what its leader had committed.
     */
    public boolean appendAsFollower(ReplicaRole.Following expected, ByteBuffer records, long leaderHighWatermark,
                                    long leaderLogStartOffset) {
        Lock shared = leaderIsrUpdateLock.readLock();
        shared.lock();
        try {
            if (!expected.equals(role)) {
                return false;
            }
            if (records.hasRemaining()) {
                log.appendAsFollower(records);
            }
            followerHighWatermark = Math.min(leaderHighWatermark, log.logEndOffset());
            if (leaderLogStartOffset > log.logStartOffset()) {
                log.maybeIncrementLogStartOffset(Math.min(leaderLogStartOffset, followerHighWatermark));
            }
            return true;
        } finally {
            shared.unlock();
        }
    }

    // ---- consumers ----------------------------------------------------------------------------

    /** Whole batches below the high watermark, for consumers; only the leader serves them. */
    public LogReadResult read(long offset, int maxBytes) {
        LeaderState leader = leaderState();
        LogReadResult read = log.read(offset, maxBytes, leader.highWatermark());
        traffic.read(read.records().remaining());
        return read;
    }

    /** As {@link #read}, the batches' place in their segment file, open until the caller closes the slice. */
    public LogSlice readSlice(long offset, int maxBytes) {
        LeaderState leader = leaderState();
        LogSlice slice = log.readSlice(offset, maxBytes, leader.highWatermark());
        traffic.read(slice.sizeInBytes());
        return slice;
    }

    /**
     * Completes at the next append or high-watermark advance after this call. The caller cancels
     * it (or lets it complete) when it stops waiting: see {@link ChangeWaiters}.
     */
    public CompletableFuture<Void> nextChange() {
        return changeWaiters.next();
    }

    /** The long polls waiting on this replica now. */
    public int changeWaits() {
        return changeWaiters.size();
    }

    private void signalChange() {
        changeWaiters.signal();
    }
}
