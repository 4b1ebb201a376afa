package io.strata.client.consumer;

import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupSubscription;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.config.ConsumerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.group.AssignmentChange;
import io.strata.client.group.GroupMembership;
import io.strata.client.group.RebalanceListener;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A subscribed consumer's side of its group, run on the poll thread: follows the assignment the
 * {@link GroupMembership} heard (revoked partitions are committed when auto-commit is on, handed
 * to the listener and dropped from the fetcher before the coordinator is told; new ones start at
 * the group's committed offset, else by auto.offset.reset), and commits positions. An answer that
 * gives it something to do ends the poll's wait for records ({@link Fetcher#endWait}), so it is
 * acted on at once rather than at the end of the poll's slice.
 *
 * <p>At least once: a position is committed only after poll returned the records before it, so a
 * crash between returning and committing re-delivers records, never skips them.
 *
 * <p>Commits, synchronous and asynchronous alike, run one after another on one commit thread, so
 * they reach the coordinator in the order they were made and a later commit never lands before an
 * earlier one. The callbacks of asynchronous commits are queued and run on the poll thread (at the
 * start of each poll, after each synchronous commit, and on close), in commit order. Everything
 * else is confined to the poll thread.
 */
final class GroupSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GroupSession.class.getName());
    private final ConsumerConfig config;
    private final GatewayConnection connection;
    private final Fetcher fetcher;
    private final RebalanceListener listener;
    private static final int COMMIT_ATTEMPTS = 3;

    private final GroupMembership membership;
    private final ExecutorService committer;
    /** Commits completed (succeeded or failed) and their time in all, for {@link Consumer#metrics()}. */
    private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder commitNanos = new java.util.concurrent.atomic.LongAdder();
    private final ConcurrentLinkedQueue<Runnable> completedCommits = new ConcurrentLinkedQueue<>();
    private long nextAutoCommitNanos;
    /** Poll thread only: set when an auto-commit is queued, cleared by its callback (run on the poll thread). */
    private boolean autoCommitPending;

    GroupSession(ConsumerConfig config, GatewayConnection connection, Fetcher fetcher, GroupSubscription subscription,
                 RebalanceListener listener) {
        this.config = config;
        this.connection = connection;
        this.fetcher = fetcher;
        this.listener = listener;
        this.membership = new GroupMembership(config.groupId(), subscription, config.maxPollIntervalMs(),
                config.requestTimeoutMs(), () -> connection.groups(connection.current()), fetcher::endWait);
        this.nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.autoCommitIntervalMs());
        this.committer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-commit-" + config.groupId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Called at the start of each poll: follow the group, then auto-commit when due. */
    void beforePoll() {
        runCompletedCallbacks();
        AssignmentChange change = membership.change();
        if (!change.isEmpty()) {
            follow(change);
        }
        if (config.enableAutoCommit() && System.nanoTime() >= nextAutoCommitNanos) {
            nextAutoCommitNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.autoCommitIntervalMs());
            autoCommit(fetcher.knownPositions());
        }
    }

    /**
     * The periodic auto-commit does not hold the poll thread (Kafka's consumer commits it
     * asynchronously too): a poll that waited for it could not act on a revocation the coordinator
     * has already named until the commit's round trip ended. Ordering is kept by the one commit
     * thread, so a later commit (on revoke, on close, or the user's) still lands after it, and a
     * revoked partition's release is reported only once its commits have all landed. At most one
     * is pending: when commits are slower than the interval, the next one waits for the next poll
     * after it ends rather than piling up behind it.
     */
    private void autoCommit(Map<TopicPartition, Long> positions) {
        if (positions.isEmpty() || autoCommitPending) {
            return;
        }
        autoCommitPending = true;
        commitAsync(positions, (offsets, failure) -> {
            autoCommitPending = false;
            if (failure != null) {
                // A fenced or unreachable commit: the records since the last commit are read again (at least once).
                LOG.log(System.Logger.Level.INFO, "group " + config.groupId() + ": auto-commit failed: " + failure);
            }
        });
    }

    private void follow(AssignmentChange change) {
        Set<TopicPartition> owned = new HashSet<>(fetcher.assigned());
        if (change.lost()) {
            listener.onPartitionsLost(Set.copyOf(owned));
            fetcher.assign(Set.of());
            membership.owned(Set.of());
            return;
        }
        if (!change.revoked().isEmpty()) {
            long started = System.nanoTime();
            if (config.enableAutoCommit()) {
                Map<TopicPartition, Long> positions = fetcher.knownPositions();
                positions.keySet().retainAll(change.revoked());
                commitQuietly(positions);
            }
            long committed = System.nanoTime();
            listener.onPartitionsRevoked(change.revoked());
            owned.removeAll(change.revoked());
            fetcher.assign(owned);
            membership.owned(owned);
            trace("revoked " + change.revoked().size() + ": commit " + millis(committed - started) + " ms, callback and release "
                    + millis(System.nanoTime() - committed) + " ms");
        }
        if (!change.added().isEmpty()) {
            long started = System.nanoTime();
            Map<TopicPartition, Long> start;
            try {
                start = committed(change.added());
            } catch (StrataClientException failure) {
                if (!failure.retriable()) {
                    throw failure;
                }
                return; // the next poll tries again; the partitions stay unowned meanwhile
            }
            long fetched = System.nanoTime();
            owned.addAll(change.added());
            fetcher.assign(owned);
            start.forEach(fetcher::seek);
            listener.onPartitionsAssigned(change.added());
            membership.owned(owned);
            trace("assigned " + change.added().size() + ": committed offsets " + millis(fetched - started)
                    + " ms, callback " + millis(System.nanoTime() - fetched) + " ms");
        }
    }

    /** One DEBUG line per step of following the group, with what it cost: where a rebalance's time goes. */
    private void trace(String step) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "group " + config.groupId() + ": member " + membership.memberId() + " " + step);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Commits {@code offsets} (the next offset to read, per partition) as this member. A commit
     * that crossed an epoch change (the coordinator answered a heartbeat with a new epoch while it
     * was on its way) is refused as FENCED_MEMBER_EPOCH; it is sent again with the new epoch, as
     * Kafka's consumer does, a few times before the refusal is the caller's.
     */
    void commitSync(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        Future<?> done = committer.submit(() -> commitNow(copy));
        try {
            done.get();
        } catch (ExecutionException failed) {
            throw StrataClientException.of(failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrataClientException(io.strata.api.v1.ErrorCode.REQUEST_TIMED_OUT,
                    "interrupted while committing " + copy + " for group " + config.groupId(), e);
        } finally {
            runCompletedCallbacks();
        }
    }

    /** Commits {@code offsets} after every commit made before; {@code callback} is told on the poll thread. */
    void commitAsync(Map<TopicPartition, Long> offsets, OffsetCommitCallback callback) {
        Map<TopicPartition, Long> copy = Map.copyOf(offsets);
        committer.execute(() -> {
            StrataClientException failure = null;
            try {
                commitNow(copy);
            } catch (RuntimeException refused) {
                failure = StrataClientException.of(refused);
            }
            StrataClientException outcome = failure;
            completedCommits.add(() -> callback.onComplete(copy, outcome));
        });
    }

    private void runCompletedCallbacks() {
        for (Runnable callback; (callback = completedCommits.poll()) != null; ) {
            try {
                callback.run();
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING,
                        "group " + config.groupId() + ": a commit callback threw", failure);
            }
        }
    }

    long commitCount() {
        return commits.sum();
    }

    long commitTimeNanos() {
        return commitNanos.sum();
    }

    /** On the commit thread; times the commit (all its attempts) for the metrics. */
    private void commitNow(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            commitAttempts(offsets);
        } finally {
            commitNanos.add(System.nanoTime() - start);
            commits.increment();
        }
    }

    private void commitAttempts(Map<TopicPartition, Long> offsets) {
        for (int attempt = 1; ; attempt++) {
            int epoch = membership.memberEpoch();
            try {
                send(offsets, epoch);
                return;
            } catch (StrataClientException refused) {
                if (refused.code() != io.strata.api.v1.ErrorCode.FENCED_MEMBER_EPOCH || attempt >= COMMIT_ATTEMPTS) {
                    throw refused;
                }
                awaitEpochOtherThan(epoch);
            }
        }
    }

    private void send(Map<TopicPartition, Long> offsets, int epoch) {
        CommitOffsetsRequest.Builder request = CommitOffsetsRequest.newBuilder().setGroupId(config.groupId())
                .setMemberId(membership.memberId()).setMemberEpoch(epoch);
        offsets.forEach((tp, offset) -> request.addOffsets(CommittedOffset.newBuilder().setTopic(tp.topic())
                .setPartition(tp.partition()).setOffset(offset)));
        int gateway = connection.current();
        try {
            connection.groups(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS).commitOffsets(request.build());
        } catch (RuntimeException failure) {
            throw connection.failure(failure, gateway);
        }
    }

    /** Waits (a bounded while) for the heartbeat thread to learn the member's new epoch. */
    private void awaitEpochOtherThan(int epoch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(config.requestTimeoutMs(), 5000));
        while (membership.memberEpoch() == epoch && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Commits every known position. */
    void commitAll() {
        commitSync(fetcher.knownPositions());
    }

    /** The group's committed offsets of {@code partitions} (partitions without one are left out). */
    Map<TopicPartition, Long> committed(Set<TopicPartition> partitions) {
        FetchOffsetsRequest.Builder request = FetchOffsetsRequest.newBuilder().setGroupId(config.groupId());
        Map<String, Set<Integer>> byTopic = new HashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new java.util.TreeSet<>()).add(tp.partition()));
        byTopic.forEach((topic, ps) -> request.addPartitions(io.strata.api.v1.GroupTopicPartitions.newBuilder()
                .setTopic(topic).addAllPartitions(ps)));
        int gateway = connection.current();
        Map<TopicPartition, Long> committed = new HashMap<>();
        try {
            connection.groups(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                    .fetchOffsets(request.build()).getOffsetsList().stream().filter(o -> o.getOffset() >= 0)
                    .forEach(o -> committed.put(new TopicPartition(o.getTopic(), o.getPartition()), o.getOffset()));
        } catch (RuntimeException failure) {
            throw connection.failure(failure, gateway);
        }
        return committed;
    }

    private void commitQuietly(Map<TopicPartition, Long> offsets) {
        try {
            commitSync(offsets);
        } catch (StrataClientException failure) {
            // A fenced or unreachable commit: the records since the last commit are read again (at least once).
            LOG.log(System.Logger.Level.INFO,
                    "group " + config.groupId() + ": auto-commit failed: " + failure);
        }
    }

    @Override
    public void close() {
        if (config.enableAutoCommit()) {
            commitQuietly(fetcher.knownPositions());
        }
        committer.shutdown();
        try {
            if (!committer.awaitTermination(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)) {
                committer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            committer.shutdownNow();
        }
        runCompletedCallbacks();
        membership.close();
    }
}
