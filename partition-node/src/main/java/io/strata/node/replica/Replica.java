package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.log.AppendResult;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.PartitionLog;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One partition replica on this node: its log, its topic configs, its role (leading, following
 * or offline at a leader epoch), its high watermark, and the requests waiting on it.
 *
 * <p>Invariants: only the leader takes appends, and only at its epoch; consumers read only below
 * the high watermark; {@link #nextChange()} is completed after every append and every
 * high-watermark advance, so a fetch that took it before reading cannot miss data; an
 * {@code acks=all} append is answered only once the high watermark passes its last offset.
 *
 * <p>Thread-safety: the role is swapped atomically by the replication thread; the log serialises
 * appends; {@link LeaderState} and {@link HighWatermarkWaiters} guard themselves.
 */
public final class Replica {

    private final TopicPartition id;
    private final String topicId;
    private final int localNodeId;
    private final PartitionLog log;
    private final HighWatermarkWaiters ackWaiters;
    private final AtomicReference<CompletableFuture<Void>> nextChange = new AtomicReference<>(new CompletableFuture<>());
    private volatile Map<String, String> configs;
    private volatile ReplicaRole role;
    private volatile long followerHighWatermark;
    /** The last high watermark waiters were told of; written by whoever advances it (a follower fetch or an append). */
    private volatile long signalledHighWatermark = -1;

    Replica(TopicPartition id, String topicId, int localNodeId, PartitionLog log, Map<String, String> configs,
            boolean standalone, ScheduledExecutorService timer) {
        this.id = id;
        this.topicId = topicId;
        this.localNodeId = localNodeId;
        this.log = log;
        this.configs = Map.copyOf(configs);
        this.ackWaiters = new HighWatermarkWaiters(timer);
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

    /** The topic configs this replica was created with (defaults fill the rest). */
    public Map<String, String> configs() {
        return configs;
    }

    void configs(Map<String, String> configs) {
        this.configs = Map.copyOf(configs);
    }

    public ReplicaRole role() {
        return role;
    }

    /** Consumers may read below this offset. */
    public long highWatermark() {
        return role instanceof ReplicaRole.Leading leading ? leading.state().highWatermark() : followerHighWatermark;
    }

    // ---- leader side --------------------------------------------------------------------------

    /**
     * Validates and appends a producer's batches as leader. With {@code waitForIsr} (acks=all) the
     * ISR must have at least {@code min.insync.replicas} members before anything is written, and
     * the answer waits until every in-sync replica has the records.
     */
    public CompletionStage<AppendResult> append(ByteBuffer records, boolean waitForIsr, long timeoutMs) {
        LeaderState leader = leaderState();
        if (waitForIsr && leader.isr().size() < minInsyncReplicas()) {
            throw new StrataException(ErrorCode.NOT_ENOUGH_REPLICAS, "partition " + id + " has " + leader.isr().size()
                    + " in-sync replicas " + leader.isr() + ", fewer than min.insync.replicas " + minInsyncReplicas());
        }
        AppendResult result = log.appendAsLeader(records, leader.leaderEpoch());
        advanceHighWatermark(leader.maybeAdvanceHighWatermark(log.logEndOffset()));
        signalChange();
        if (!waitForIsr) {
            return CompletableFuture.completedFuture(result);
        }
        return ackWaiters.await(result.lastOffset() + 1, timeoutMs).thenApply(done -> result);
    }

    /** A follower's fetch: records its progress (maybe advancing the high watermark) and reads for it. */
    public LogReadResult readForFollower(int followerId, long fetchOffset, int leaderEpoch, int maxBytes) {
        LeaderState leader = leaderState();
        if (leaderEpoch < leader.leaderEpoch()) {
            throw new StrataException(ErrorCode.FENCED_LEADER_EPOCH, "follower " + followerId + " fetches " + id
                    + " at leader epoch " + leaderEpoch + ", but the current epoch is " + leader.leaderEpoch());
        }
        if (leaderEpoch > leader.leaderEpoch()) {
            throw new StrataException(ErrorCode.UNKNOWN_LEADER_EPOCH, "follower " + followerId + " fetches " + id
                    + " at leader epoch " + leaderEpoch + ", newer than this leader's " + leader.leaderEpoch());
        }
        LogReadResult read = log.read(fetchOffset, maxBytes);
        advanceHighWatermark(leader.onFollowerFetch(followerId, fetchOffset, log.logEndOffset(), System.currentTimeMillis()));
        return read;
    }

    private void advanceHighWatermark(long highWatermark) {
        if (highWatermark > signalledHighWatermark) {
            signalledHighWatermark = highWatermark;
            ackWaiters.advanced(highWatermark);
            signalChange();
        }
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

    /** The metadata accepted an ISR change this leader proposed. */
    public void isrChanged(Set<Integer> isr, int partitionEpoch) {
        LeaderState leader = leaderState();
        leader.isrChanged(isr, partitionEpoch, log.logEndOffset());
        advanceHighWatermark(leader.highWatermark());
    }

    public int minInsyncReplicas() {
        return Integer.parseInt(configs.getOrDefault("min.insync.replicas", "1"));
    }

    // ---- role changes (replication thread only) ------------------------------------------------

    /** Leads the partition from {@code state}'s epoch on. */
    public void becomeLeader(LeaderState state) {
        log.recordLeaderEpoch(state.leaderEpoch());
        ackWaiters.reset(state.highWatermark());
        signalledHighWatermark = -1;
        role = new ReplicaRole.Leading(state);
        advanceHighWatermark(state.maybeAdvanceHighWatermark(log.logEndOffset()));
    }

    /** Follows {@code leaderId} from {@code leaderEpoch} on; waiting acks=all appends fail. */
    public void becomeFollower(int leaderId, int leaderEpoch) {
        long highWatermark = highWatermark();
        role = new ReplicaRole.Following(leaderId, leaderEpoch, false);
        followerHighWatermark = Math.min(highWatermark, log.logEndOffset());
        ackWaiters.failAll(new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER,
                "node " + localNodeId + " no longer leads " + id + "; node " + leaderId + " does at epoch " + leaderEpoch));
    }

    /** No leader is known; waiting acks=all appends fail. */
    public void becomeOffline(int leaderEpoch) {
        role = new ReplicaRole.Offline(leaderEpoch);
        ackWaiters.failAll(new StrataException(ErrorCode.LEADER_NOT_AVAILABLE, id + " has no leader at epoch " + leaderEpoch));
    }

    /** The follower cut its divergent tail: it may fetch now. */
    public void truncationDone(ReplicaRole.Following following) {
        role = new ReplicaRole.Following(following.leaderId(), following.leaderEpoch(), true);
    }

    /** A follower learned the leader's high watermark. */
    public void followerHighWatermark(long leaderHighWatermark) {
        followerHighWatermark = Math.min(leaderHighWatermark, log.logEndOffset());
    }

    // ---- consumers ----------------------------------------------------------------------------

    /** Whole batches below the high watermark, for consumers; only the leader serves them. */
    public LogReadResult read(long offset, int maxBytes) {
        LeaderState leader = leaderState();
        return log.read(offset, maxBytes, leader.highWatermark());
    }

    /** Completes at the next append or high-watermark advance after this call. */
    public CompletionStage<Void> nextChange() {
        // A copy: a fetch that stops waiting (Mutiny cancels the stage it waits on) must not
        // cancel the future every other waiting fetch shares.
        return nextChange.get().copy();
    }

    private void signalChange() {
        nextChange.getAndSet(new CompletableFuture<>()).complete(null);
    }
}
