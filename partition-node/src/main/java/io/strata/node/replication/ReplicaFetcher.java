package io.strata.node.replication;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.strata.api.channel.ReconnectAfterFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.OffsetForLeaderEpochRequest;
import io.strata.api.v1.OffsetForLeaderEpochResponse;
import io.strata.api.v1.OffsetForLeaderEpochResult;
import io.strata.api.v1.OffsetsForLeaderEpochsRequest;
import io.strata.api.v1.OffsetsForLeaderEpochsResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.node.log.EpochEndOffset;
import io.strata.node.log.PartitionLog;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.ReplicaRole;
import io.strata.node.replica.TopicPartition;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Copies every partition this node follows on one leader node: one thread, one gRPC channel, and
 * one long-polled {@code ReplicaFetch} at a time carrying all those partitions. A partition that
 * just became a follower first asks the leader where its last epoch ends and truncates the tail
 * the leader never had; only then does it fetch. Those questions go to the leader together (one
 * {@code OffsetsForLeaderEpochs} for all the new followers of a round), so a restarted node with
 * thousands of replicas makes one round trip per leader, not one per replica. Fetched batches are
 * appended byte for byte, and only in the {@link ReplicaRole.Following} role the fetch was made in
 * ({@link Replica} checks it under its lock).
 *
 * <p>Isolation: a failure of one partition (the leader refuses it, its truncation or local append
 * fails) backs off that partition alone — exponentially from
 * {@code strata.node.replica-fetch-backoff} up to {@code strata.node.replica-fetch-backoff-max},
 * see {@link FetchBackoff} — while the others go on being fetched; it counts in
 * {@code strata.node.replica.fetch.failures} (tags {@code scope=partition}, {@code error}) and is
 * logged at WARN at most once a minute per partition. Refusals that pass once the leader catches
 * up with the metadata (an epoch it does not know yet, a replica it has not created yet) pause
 * the partition for the first back-off only and log at DEBUG. A failed request (the leader is
 * unreachable) pauses the whole fetcher for the first back-off ({@code scope=leader}), until the
 * metadata names another leader and the fetcher is stopped.
 *
 * <p>Throttle: a partition this node is being added to by a reassignment, and not yet in sync, is
 * fetched only while the node's {@link ReassignmentThrottle} allows it; in-sync partitions are
 * never held back by it.
 *
 * <p>Thread-safety: everything but {@link #stop()} runs on the fetcher's own thread.
 */
public final class ReplicaFetcher implements Runnable {

    private static final System.Logger LOG = System.getLogger(ReplicaFetcher.class.getName());
    /** At most one WARN per partition (and per leader connection) in this time. */
    private static final long WARN_INTERVAL_MS = 60_000;
    private static final String FAILURES = "strata.node.replica.fetch.failures";
    /** Most partitions asked about in one OffsetsForLeaderEpochs call (keeps a request far below gRPC's 4 MiB). */
    static final int MAX_EPOCH_QUESTIONS_PER_REQUEST = 1_000;
    /** Refusals that pass once the leader has caught up with the metadata (epochs, a replica not created yet). */
    private static final Set<ErrorCode> TRANSIENT_REFUSALS = Set.of(ErrorCode.FENCED_LEADER_EPOCH,
            ErrorCode.UNKNOWN_LEADER_EPOCH, ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            ErrorCode.LEADER_NOT_AVAILABLE);

    /**
     * How a fetcher fetches.
     *
     * @param fetchWaitMs   how long a fetch waits at the leader when there is nothing new
     * @param fetchBytes    the most bytes fetched per partition per request
     * @param backoff       the first wait after a failure
     * @param backoffMax    the longest wait after consecutive failures
     * @param fetchMaxBytes the most bytes of one answer, over all its partitions
     */
    public record Settings(int fetchWaitMs, int fetchBytes, Duration backoff, Duration backoffMax, int fetchMaxBytes) {

        /** With Kafka's default bound on an answer, 10 MiB. */
        public Settings(int fetchWaitMs, int fetchBytes, Duration backoff, Duration backoffMax) {
            this(fetchWaitMs, fetchBytes, backoff, backoffMax, ReplicationConfig.DEFAULT_FETCH_MAX_BYTES);
        }
    }

    private final int leaderId;
    private final String address;
    private final ReplicaManager replicas;
    private final Settings settings;
    private final MeterRegistry metrics;
    private final ManagedChannel channel;
    private final PartitionServiceGrpc.PartitionServiceBlockingStub leader;
    private final Thread thread;
    private final ReassignmentThrottle throttle;
    private final Map<TopicPartition, FetchBackoff> partitionBackoffs = new HashMap<>();
    /**
     * The order partitions go into the next request: a partition the leader answered moves to the
     * end, so the ones an answer left out (it was full) go first next time and none starves
     * (Kafka's fetcher moves fetched partitions to the end the same way).
     */
    private final LinkedHashSet<TopicPartition> fetchOrder = new LinkedHashSet<>();
    private final FetchBackoff leaderBackoff;
    /** False once the leader answered UNIMPLEMENTED to OffsetsForLeaderEpochs: it is asked one partition at a time. */
    private boolean leaderAnswersBatches = true;
    private volatile boolean running = true;
    /** When a fetch round with the leader last completed (or there was nothing to follow): for readiness. */
    private volatile long lastRoundNanos = System.nanoTime();

    /**
     * @param channelBuilder a builder of the channel to the leader at {@code address}, with the node's
     *                call credential and TLS setting ({@code NodeChannels#toNode})
     */
    public ReplicaFetcher(int leaderId, String address, ReplicaManager replicas, Settings settings, MeterRegistry metrics,
                          ManagedChannelBuilder<?> channelBuilder) {
        this(leaderId, address, replicas, settings, metrics, channelBuilder, ReassignmentThrottle.unlimited());
    }

    /** @param throttle the byte rate of replicas this node is being added to (shared by the node's fetchers) */
    public ReplicaFetcher(int leaderId, String address, ReplicaManager replicas, Settings settings, MeterRegistry metrics,
                          ManagedChannelBuilder<?> channelBuilder, ReassignmentThrottle throttle) {
        this.throttle = throttle;
        this.leaderId = leaderId;
        this.address = address;
        this.replicas = replicas;
        this.settings = settings;
        this.metrics = metrics;
        this.leaderBackoff = newBackoff();
        this.channel = channelBuilder.build();
        this.leader = PartitionServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(channel));
        this.thread = new Thread(this, "strata-fetcher-" + leaderId);
        this.thread.setDaemon(true);
    }

    public String address() {
        return address;
    }

    /**
     * When this fetcher last completed a fetch round with its leader, or last had nothing to
     * follow ({@link System#nanoTime()}; its start before that). Read by the readiness check.
     */
    public long lastRoundNanos() {
        return lastRoundNanos;
    }

    public void start() {
        thread.start();
    }

    public void stop() {
        running = false;
        thread.interrupt();
        channel.shutdownNow();
    }

    @Override
    public void run() {
        while (running) {
            try {
                List<Replica> following = following();
                long now = System.currentTimeMillis();
                truncateNewFollowers(following.stream().filter(r -> r.role() instanceof ReplicaRole.Following f
                        && !f.truncated() && ready(r, now)).toList());
                long throttledForNanos = throttle.nanosUntilAllowed();
                List<Replica> ready = following.stream().filter(r -> r.role() instanceof ReplicaRole.Following f
                        && f.truncated() && ready(r, now) && (throttledForNanos == 0 || !throttle.limits(r.id()))).toList();
                if (ready.isEmpty()) {
                    if (following.isEmpty()) {
                        lastRoundNanos = System.nanoTime();
                    }
                    LockSupport.parkNanos(Math.min(Math.max(throttledForNanos, 1),
                            TimeUnit.MILLISECONDS.toNanos(settings.backoff().toMillis())));
                    continue;
                }
                fetch(ready);
                lastRoundNanos = System.nanoTime();
                leaderBackoff.succeeded();
            } catch (RuntimeException e) {
                if (running) {
                    leaderFailed(e);
                }
            }
        }
    }

    private void leaderFailed(RuntimeException e) {
        long now = System.currentTimeMillis();
        leaderBackoff.failed(now);
        // A fixed pause, as before: whether the leader is gone is the metadata's call (it names
        // another leader and this fetcher stops); a growing pause would only keep a follower of
        // a leader that is back out of the ISR for longer.
        long delayMs = settings.backoff().toMillis();
        StrataException error = GrpcErrors.asStrataException(e);
        metrics.counter(FAILURES, "scope", "leader", "error", error.code().name()).increment();
        if (leaderBackoff.shouldWarn(now)) {
            LOG.log(System.Logger.Level.WARNING, "fetch from leader node " + leaderId + " at " + address + " failed "
                    + leaderBackoff.failures() + " times in a row; next try in " + delayMs + " ms: " + error);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMs));
    }

    /** The replicas following this fetcher's leader now; forgets the back-off of those that no longer do. */
    private List<Replica> following() {
        List<Replica> following = new ArrayList<>();
        for (Replica replica : replicas.replicas()) {
            if (replica.role() instanceof ReplicaRole.Following f && f.leaderId() == leaderId) {
                following.add(replica);
            }
        }
        Set<TopicPartition> ids = following.stream().map(Replica::id).collect(Collectors.toSet());
        partitionBackoffs.keySet().retainAll(ids);
        fetchOrder.retainAll(ids);
        return following;
    }

    private boolean ready(Replica replica, long nowMs) {
        FetchBackoff backoff = partitionBackoffs.get(replica.id());
        return backoff == null || backoff.ready(nowMs);
    }

    /** Runs one partition's step; its failure backs off that partition only. */
    private void isolated(Replica replica, Runnable step) {
        try {
            step.run();
            FetchBackoff backoff = partitionBackoffs.remove(replica.id());
            if (backoff != null) {
                LOG.log(System.Logger.Level.INFO, replica.id() + " fetches from leader node " + leaderId
                        + " again after " + backoff.succeeded() + " failures");
            }
        } catch (RuntimeException e) {
            partitionFailed(replica, GrpcErrors.asStrataException(e));
        }
    }

    private void partitionFailed(Replica replica, StrataException error) {
        long now = System.currentTimeMillis();
        FetchBackoff backoff = partitionBackoffs.computeIfAbsent(replica.id(), id -> newBackoff());
        metrics.counter(FAILURES, "scope", "partition", "error", error.code().name()).increment();
        if (TRANSIENT_REFUSALS.contains(error.code())) {
            // The leader has not caught up with the metadata yet: a short fixed pause, since
            // growing it would delay the follower's return to the ISR.
            backoff.pause(now);
            LOG.log(System.Logger.Level.DEBUG, "leader node " + leaderId + " refused " + replica.id() + " for now: " + error);
            return;
        }
        long delayMs = backoff.failed(now);
        if (backoff.shouldWarn(now)) {
            LOG.log(System.Logger.Level.WARNING, "replicating " + replica.id() + " from leader node " + leaderId
                    + " failed " + backoff.failures() + " times in a row; next try in " + delayMs + " ms: " + error);
        }
    }

    private FetchBackoff newBackoff() {
        return new FetchBackoff(settings.backoff().toMillis(), settings.backoffMax().toMillis(), WARN_INTERVAL_MS);
    }

    /**
     * Truncates every replica that just became a follower of this leader: the first question of
     * each (where its latest epoch ends) goes to the leader in one OffsetsForLeaderEpochs call per
     * {@link #MAX_EPOCH_QUESTIONS_PER_REQUEST} partitions; only a divergent log's further rounds
     * (rare) are asked one at a time. A leader that does not know the batched call (an older
     * version, during a rolling upgrade) is asked one partition at a time, as before.
     */
    private void truncateNewFollowers(List<Replica> untruncated) {
        for (int from = 0; from < untruncated.size(); from += MAX_EPOCH_QUESTIONS_PER_REQUEST) {
            List<Replica> chunk = untruncated.subList(from, Math.min(untruncated.size(), from + MAX_EPOCH_QUESTIONS_PER_REQUEST));
            Map<TopicPartition, FirstAnswer> answers = askLeader(chunk);
            for (Replica replica : chunk) {
                FirstAnswer answer = answers.get(replica.id());
                if (answer != null) {
                    isolated(replica, () -> truncate(replica, answer.role(), answer));
                } else if (replica.role() instanceof ReplicaRole.Following role && !role.truncated()) {
                    isolated(replica, () -> truncate(replica, role, null));
                }
            }
        }
    }

    /** The leader's answer to a replica's first question, asked in {@code role} about {@code askedEpoch}. */
    private record FirstAnswer(ReplicaRole.Following role, int askedEpoch, OffsetForLeaderEpochResult result) {
    }

    /** One batched call for {@code chunk}; empty when the leader does not know the call. */
    private Map<TopicPartition, FirstAnswer> askLeader(List<Replica> chunk) {
        if (!leaderAnswersBatches) {
            return Map.of();
        }
        Map<TopicPartition, FirstAnswer> asked = new HashMap<>();
        OffsetsForLeaderEpochsRequest.Builder request = OffsetsForLeaderEpochsRequest.newBuilder();
        for (Replica replica : chunk) {
            if (replica.role() instanceof ReplicaRole.Following role && !role.truncated()) {
                int epoch = replica.log().latestEpoch();
                asked.put(replica.id(), new FirstAnswer(role, epoch, null));
                request.addPartitions(question(replica, role, epoch));
            }
        }
        OffsetsForLeaderEpochsResponse response;
        try {
            response = leader.withDeadlineAfter(10, TimeUnit.SECONDS).offsetsForLeaderEpochs(request.build());
        } catch (RuntimeException e) {
            if (Status.fromThrowable(e).getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "leader node " + leaderId + " does not answer OffsetsForLeaderEpochs"
                    + " (an older version): asking it one partition at a time");
            leaderAnswersBatches = false;
            return Map.of();
        }
        Map<TopicPartition, FirstAnswer> answers = new HashMap<>();
        for (OffsetForLeaderEpochResult result : response.getPartitionsList()) {
            TopicPartition id = new TopicPartition(result.getTopic(), result.getPartition());
            FirstAnswer question = asked.get(id);
            if (question != null) {
                answers.put(id, new FirstAnswer(question.role(), question.askedEpoch(), result));
            }
        }
        return answers;
    }

    /**
     * Asks where this replica's last epoch ends on the leader (the first question answered by
     * {@code first} when given), and cuts whatever lies beyond.
     */
    private void truncate(Replica replica, ReplicaRole.Following role, FirstAnswer first) {
        PartitionLog log = replica.log();
        boolean[] firstUsed = {first == null};
        IntFunction<EpochEndOffset> leaderEnds = epoch -> {
            if (!firstUsed[0] && epoch == first.askedEpoch()) {
                firstUsed[0] = true;
                return answerOf(replica, first.result());
            }
            return leaderEnd(replica, role, epoch);
        };
        long cut = DivergencePoint.find(log.latestEpoch(), log::endOffsetForEpoch, leaderEnds,
                replica.highWatermark(), log.logStartOffset());
        if (cut < log.logEndOffset()) {
            LOG.log(System.Logger.Level.INFO, "truncating " + replica.id() + " from " + log.logEndOffset() + " to "
                    + cut + " (where it stops agreeing with leader " + leaderId + ")");
        }
        replica.truncateAsFollower(role, cut);
    }

    /** The leader's answer to OffsetForLeaderEpoch: its largest epoch at most {@code epoch} and where that ends. */
    private EpochEndOffset leaderEnd(Replica replica, ReplicaRole.Following role, int epoch) {
        OffsetForLeaderEpochResponse end = leader.withDeadlineAfter(10, TimeUnit.SECONDS)
                .offsetForLeaderEpoch(question(replica, role, epoch));
        return new EpochEndOffset(end.getEpoch(), end.getEndOffset());
    }

    private static OffsetForLeaderEpochRequest question(Replica replica, ReplicaRole.Following role, int epoch) {
        return OffsetForLeaderEpochRequest.newBuilder().setTopic(replica.id().topic())
                .setPartition(replica.id().partition()).setCurrentLeaderEpoch(role.leaderEpoch())
                .setLastFetchedEpoch(epoch).build();
    }

    /** A batched answer as the single call gives it: the end, or the refusal as the exception it throws. */
    private EpochEndOffset answerOf(Replica replica, OffsetForLeaderEpochResult result) {
        if (result.getErrorValue() != 0) {
            throw new StrataException(result.getError(), "leader node " + leaderId + " refused OffsetForLeaderEpoch of "
                    + replica.id() + ": " + result.getErrorMessage());
        }
        return new EpochEndOffset(result.getEpoch(), result.getEndOffset());
    }

    private void fetch(List<Replica> ready) {
        Map<TopicPartition, Replica> byId = new HashMap<>();
        Map<TopicPartition, ReplicaRole.Following> roles = new HashMap<>();
        ReplicaFetchRequest.Builder request = ReplicaFetchRequest.newBuilder().setReplicaId(replicas.nodeId())
                .setMaxWaitMs(settings.fetchWaitMs()).setMaxBytesPerPartition(settings.fetchBytes())
                .setMaxBytes(settings.fetchMaxBytes());
        for (Replica replica : inFetchOrder(ready)) {
            if (replica.role() instanceof ReplicaRole.Following role && role.leaderId() == leaderId && role.truncated()) {
                byId.put(replica.id(), replica);
                roles.put(replica.id(), role);
                request.addPartitions(ReplicaFetchPartition.newBuilder().setTopic(replica.id().topic())
                        .setPartition(replica.id().partition()).setFetchOffset(replica.log().logEndOffset())
                        .setLogStartOffset(replica.log().logStartOffset()).setLeaderEpoch(role.leaderEpoch()));
            }
        }
        ReplicaFetchResponse response = leader.withDeadlineAfter(settings.fetchWaitMs() + 10_000L, TimeUnit.MILLISECONDS)
                .replicaFetch(request.build());
        long throttledBytes = 0;
        for (ReplicaFetchPartitionData data : response.getPartitionsList()) {
            TopicPartition id = new TopicPartition(data.getTopic(), data.getPartition());
            Replica replica = byId.get(id);
            if (replica != null && fetchOrder.remove(id)) {
                fetchOrder.add(id);
            }
            if (replica != null && throttle.limits(id)) {
                throttledBytes += data.getRecords().size();
            }
            if (replica != null) {
                isolated(replica, () -> apply(replica, roles.get(id), data));
            }
        }
        if (throttledBytes > 0) {
            throttle.fetched(throttledBytes);
        }
    }

    /** {@code ready} in {@link #fetchOrder}; partitions new to it go last (and join it). */
    private List<Replica> inFetchOrder(List<Replica> ready) {
        Map<TopicPartition, Replica> byId = new HashMap<>();
        for (Replica replica : ready) {
            byId.put(replica.id(), replica);
            fetchOrder.add(replica.id()); // a partition already in the order keeps its place
        }
        List<Replica> ordered = new ArrayList<>(ready.size());
        for (TopicPartition id : fetchOrder) {
            Replica replica = byId.get(id);
            if (replica != null) {
                ordered.add(replica);
            }
        }
        return ordered;
    }

    private void apply(Replica replica, ReplicaRole.Following role, ReplicaFetchPartitionData data) {
        PartitionLog log = replica.log();
        if (data.getErrorValue() == 0) {
            // Array-backed, as for a leader's append: the CRC32C check reads a read-only heap
            // buffer one byte at a time (kafka-clients' Checksums.update).
            replica.appendAsFollower(role, ByteBuffer.wrap(data.getRecords().toByteArray()), data.getHighWatermark(),
                    data.getLogStartOffset());
            return;
        }
        if (data.getError() == ErrorCode.OFFSET_OUT_OF_RANGE && log.logEndOffset() < data.getLogStartOffset()) {
            LOG.log(System.Logger.Level.WARNING, replica.id() + " is behind the leader's log start "
                    + data.getLogStartOffset() + ": starting over there");
            replica.restartAsFollower(role, data.getLogStartOffset());
        } else if (data.getError() == ErrorCode.OFFSET_OUT_OF_RANGE && log.logEndOffset() > data.getLogEndOffset()) {
            LOG.log(System.Logger.Level.WARNING, replica.id() + " is ahead of its leader's log end "
                    + data.getLogEndOffset() + ": truncating");
            replica.truncateAsFollower(role, data.getLogEndOffset());
        } else {
            throw new StrataException(data.getError(), "leader node " + leaderId + " refused the fetch of " + replica.id()
                    + ": " + data.getErrorMessage());
        }
    }
}
