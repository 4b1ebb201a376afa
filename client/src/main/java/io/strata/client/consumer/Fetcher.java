package io.strata.client.consumer;

import io.grpc.stub.StreamObserver;
import io.strata.api.aliasing.ArrayView;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsResponse;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.config.ConsumerConfig;
import io.strata.client.config.ConsumerConfig.OffsetReset;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.connection.LeaderConnections;
import io.strata.client.retry.RetryBackoff;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The consumer's fetch machinery for whatever partitions it is given: long-poll FetchPartitions
 * calls, one per partition leader (as the gateway's answers name them), each partition with a known
 * position in at most one call at a time and sent again as soon as an answer arrives (so the next
 * batches are on their way while the application handles the last ones); at most two answers
 * buffered per partition and {@code fetch.max.bytes} in all; positions found with ListOffsets, one
 * call per topic ({@code auto.offset.reset}, seekToBeginning/End); records decoded only when poll
 * takes them.
 *
 * <p>Each call goes to the leader itself while the gateway offers its address and it answers
 * ({@link LeaderConnections}), else to the gateway; the two answer alike, and a partition the leader
 * answers with an error is asked of the gateway next.
 *
 * <p>Why calls of many partitions: with one long poll per partition, a member of a 900-partition
 * group kept 900 calls open at the gateway and sent ~1,800 a second while idle, and a consumer of
 * 10,000 partitions opened 10,000 HTTP/2 streams and overwhelmed it.
 *
 * <p>It does not decide the assignment: {@link #assign} is called by whoever does (today
 * {@link Consumer#assign}; a group member later). One lock guards all state: the polling thread
 * and gRPC's callback threads take it briefly; no network call is waited for under it.
 * {@link #wakeup()} is the one call meant for another thread than the polling one.
 */
final class Fetcher {

    /** Answers buffered per partition before the next fetch waits for poll to take one. */
    private static final int PREFETCH_DEPTH = 2;
    /** Most bytes one fetch asks for, all its partitions together: below the 64 MiB answers the connection takes. */
    private static final int MAX_REQUEST_BYTES = 32 << 20;
    /** In place of a leader's node id: the call goes through the gateway. */
    private static final int THROUGH_GATEWAY = -1;

    private final ConsumerConfig config;
    private final GatewayConnection connection;
    private final LeaderConnections leaders;
    private final RetryBackoff backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<TopicPartition, PartitionFetchState> states = new LinkedHashMap<>();
    private long bufferedBytes;
    private int rotation;
    private int fetchRotation;
    /** Totals for {@link #metrics}: records poll returned, bytes of batches fetched. */
    private long recordsConsumed;
    private long bytesConsumed;
    private long bytesFromLeaders;
    /** Set by {@link #wakeup()} from any thread; the next (or current) blocking call consumes it and throws. */
    private final java.util.concurrent.atomic.AtomicBoolean wakeupRequested = new java.util.concurrent.atomic.AtomicBoolean();
    /** Set by {@link #endWait()}: the poll under way (or the next) stops waiting and returns what it has. */
    private boolean waitEnded;

    Fetcher(ConsumerConfig config, GatewayConnection connection, LeaderConnections leaders) {
        this.config = config;
        this.connection = connection;
        this.leaders = leaders;
        this.backoff = new RetryBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
    }

    /** Makes {@code partitions} the fetched set: positions of partitions kept are kept, new ones start unknown. */
    void assign(Collection<TopicPartition> partitions) {
        Set<TopicPartition> wanted = new LinkedHashSet<>(partitions);
        lock.lock();
        try {
            states.values().removeIf(state -> {
                if (!wanted.contains(state.partition)) {
                    restart(state);
                    return true;
                }
                return false;
            });
            for (TopicPartition partition : wanted) {
                states.computeIfAbsent(partition, p -> new PartitionFetchState(p, config.autoOffsetReset()));
            }
        } finally {
            lock.unlock();
        }
    }

    Set<TopicPartition> assigned() {
        lock.lock();
        try {
            return Set.copyOf(states.keySet());
        } finally {
            lock.unlock();
        }
    }

    void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + offset + " for " + partition);
        }
        lock.lock();
        try {
            PartitionFetchState state = require(partition);
            restart(state);
            state.position = offset;
            state.fetchOffset = offset;
            state.reset = null;
            state.error = null;
        } finally {
            lock.unlock();
        }
    }

    void resetTo(Collection<TopicPartition> partitions, OffsetReset strategy) {
        lock.lock();
        try {
            for (TopicPartition partition : partitions) {
                PartitionFetchState state = require(partition);
                restart(state);
                state.position = PartitionFetchState.UNKNOWN;
                state.reset = strategy;
                state.error = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops fetching {@code partitions} and returning their records until {@link #resume}; their
     * positions and what is already buffered are kept. Every partition must be assigned.
     */
    void pause(Collection<TopicPartition> partitions) {
        setPaused(partitions, true);
    }

    /** Fetches and returns records of {@code partitions} again. Every partition must be assigned. */
    void resume(Collection<TopicPartition> partitions) {
        setPaused(partitions, false);
    }

    private void setPaused(Collection<TopicPartition> partitions, boolean paused) {
        lock.lock();
        try {
            List<PartitionFetchState> targets = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                targets.add(require(partition)); // all checked before any changes
            }
            targets.forEach(state -> state.paused = paused);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot of the fetch meters, with the group's commit totals; any thread may call it. */
    ConsumerMetrics metrics(long commits, long commitNanos) {
        lock.lock();
        try {
            Map<TopicPartition, Long> lag = new java.util.HashMap<>();
            Set<TopicPartition> paused = new LinkedHashSet<>();
            for (PartitionFetchState state : states.values()) {
                if (state.hasPosition() && state.highWatermark != PartitionFetchState.UNKNOWN) {
                    lag.put(state.partition, Math.max(0, state.highWatermark - state.position));
                }
                if (state.paused) {
                    paused.add(state.partition);
                }
            }
            return new ConsumerMetrics(recordsConsumed, bytesConsumed, bytesFromLeaders, commits, commitNanos, lag, paused);
        } finally {
            lock.unlock();
        }
    }

    /** The assigned partitions paused now. */
    Set<TopicPartition> paused() {
        lock.lock();
        try {
            Set<TopicPartition> paused = new LinkedHashSet<>();
            states.values().stream().filter(state -> state.paused).forEach(state -> paused.add(state.partition));
            return Set.copyOf(paused);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the blocking call under way in another thread ({@link #poll}, {@link #position}) throw
     * {@link WakeupException} at once, or the next one if none is under way.
     */
    void wakeup() {
        wakeupRequested.set(true);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the {@link #poll} under way in another thread (or the next one) return at once with
     * what it has, possibly nothing, without an exception: its caller has something else to do
     * (the group answered with partitions to give up or take).
     */
    void endWait() {
        lock.lock();
        try {
            waitEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Throws {@link WakeupException} when a wakeup is pending (consuming it). */
    void maybeThrowWakeup() {
        if (wakeupRequested.compareAndSet(true, false)) {
            throw new WakeupException();
        }
    }

    /** The positions known now (the next offset poll returns), of partitions that have one. */
    Map<TopicPartition, Long> knownPositions() {
        lock.lock();
        try {
            Map<TopicPartition, Long> known = new java.util.HashMap<>();
            states.values().stream().filter(PartitionFetchState::hasPosition).forEach(state -> known.put(state.partition, state.position));
            return known;
        } finally {
            lock.unlock();
        }
    }

    /** The position, finding it first (waiting up to {@code timeoutNanos}) when unknown. */
    long position(TopicPartition partition, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            PartitionFetchState state = require(partition);
            while (!state.hasPosition()) {
                maybeThrowWakeup();
                long now = System.nanoTime();
                startResets(List.of(state), now);
                throwError(state);
                long remaining = deadline - now;
                if (remaining <= 0) {
                    throw new StrataClientException(ErrorCode.REQUEST_TIMED_OUT, "the position of " + partition
                            + " was not found within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                long untilRetry = state.notBeforeNanos - now;
                changed.awaitNanos(untilRetry > 0 ? Math.min(remaining, untilRetry) : remaining);
            }
            return state.position;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrataClientException(ErrorCode.REQUEST_TIMED_OUT, "interrupted while finding the position of " + partition, e);
        } finally {
            lock.unlock();
        }
    }

    /** Up to max.poll.records records, waiting up to {@code timeoutNanos} for the first. */
    List<ConsumerRecord> poll(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            while (true) {
                maybeThrowWakeup();
                long now = System.nanoTime();
                long wakeAt = startFetches(now);
                for (PartitionFetchState state : states.values()) {
                    throwError(state);
                }
                List<ConsumerRecord> records = collect(config.maxPollRecords());
                if (!records.isEmpty()) {
                    startFetches(now);
                    return records;
                }
                long remaining = deadline - now;
                if (remaining <= 0 || waitEnded) {
                    waitEnded = false;
                    return List.of();
                }
                changed.awaitNanos(Math.min(remaining, Math.max(1, wakeAt - now)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    /** Stops every fetch under way. */
    void close() {
        lock.lock();
        try {
            states.values().forEach(this::restart);
            states.clear();
        } finally {
            lock.unlock();
        }
    }

    // ---- under the lock ------------------------------------------------------------------------

    private PartitionFetchState require(TopicPartition partition) {
        PartitionFetchState state = states.get(partition);
        if (state == null) {
            throw new IllegalStateException(partition + " is not assigned to this consumer (assigned: " + states.keySet() + ")");
        }
        return state;
    }

    private void restart(PartitionFetchState state) {
        bufferedBytes -= state.bufferedBytes;
        state.restart();
    }

    private static void throwError(PartitionFetchState state) {
        StrataClientException error = state.error;
        if (error != null) {
            state.error = null;
            throw error;
        }
    }

    /** Starts resets and fetches where due; returns when a backed-off one is next due. */
    private long startFetches(long now) {
        long wakeAt = Long.MAX_VALUE;
        startResets(states.values(), now);
        sendFetches(now);
        for (PartitionFetchState state : states.values()) {
            if (state.notBeforeNanos - now > 0) {
                wakeAt = Math.min(wakeAt, state.notBeforeNanos);
            }
        }
        return wakeAt;
    }

    private List<ConsumerRecord> collect(int max) {
        List<ConsumerRecord> out = new ArrayList<>(Math.min(max, 1024));
        List<PartitionFetchState> order = new ArrayList<>(states.values());
        int start = order.isEmpty() ? 0 : Math.floorMod(rotation++, order.size());
        for (int i = 0; i < order.size() && out.size() < max; i++) {
            PartitionFetchState state = order.get((start + i) % order.size());
            while (!state.paused && !state.buffered.isEmpty() && out.size() < max) {
                CompletedFetch fetch = state.buffered.peekFirst();
                if (fetch.epoch == state.epoch && state.hasPosition()) {
                    int before = out.size();
                    state.position = fetch.collect(state.position, max - out.size(), out);
                    recordsConsumed += out.size() - before;
                }
                if (fetch.exhausted() || fetch.epoch != state.epoch) {
                    state.buffered.pollFirst();
                    state.bufferedBytes -= fetch.sizeInBytes;
                    bufferedBytes -= fetch.sizeInBytes;
                }
            }
        }
        return out;
    }

    private boolean fetchable(PartitionFetchState state, long now) {
        return state.hasPosition() && !state.paused && !state.fetchInFlight && !state.awaitingSeek
                && state.notBeforeNanos - now <= 0 && state.buffered.size() < PREFETCH_DEPTH
                && (bufferedBytes == 0 || bufferedBytes + config.maxPartitionFetchBytes() <= config.fetchMaxBytes());
    }

    /**
     * Sends one FetchPartitions for each leader's fetchable partitions (by the leaders the last
     * answers named; partitions not fetched yet go together), each partition in at most one request
     * at a time. The order within a request rotates, so the answer's byte bound favours none.
     */
    private void sendFetches(long now) {
        if (states.isEmpty()) {
            return;
        }
        List<PartitionFetchState> order = new ArrayList<>(states.values());
        int start = Math.floorMod(fetchRotation++, order.size());
        Map<Integer, List<PartitionFetchState>> byLeader = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            PartitionFetchState state = order.get((start + i) % order.size());
            if (fetchable(state, now)) {
                byLeader.computeIfAbsent(state.leaderHint, leader -> new ArrayList<>()).add(state);
            }
        }
        byLeader.values().forEach(this::sendFetch);
    }

    /** One partition of a fetch under way, as it was when the fetch was sent. */
    private record InFlight(PartitionFetchState state, int epoch, long offset) {
    }

    private void sendFetch(List<PartitionFetchState> group) {
        long bytesLeft = config.fetchMaxBytes() - bufferedBytes;
        int maxBytes = (int) Math.max(config.maxPartitionFetchBytes(), Math.min(bytesLeft, MAX_REQUEST_BYTES));
        FetchPartitionsRequest.Builder request = FetchPartitionsRequest.newBuilder()
                .setMaxWaitMs(config.fetchMaxWaitMs()).setMinBytes(1).setMaxBytes(maxBytes);
        List<InFlight> sent = new ArrayList<>(group.size());
        for (PartitionFetchState state : group) {
            state.fetchInFlight = true;
            sent.add(new InFlight(state, state.epoch, state.fetchOffset));
            request.addPartitions(PartitionFetch.newBuilder().setTopic(state.partition.topic())
                    .setPartition(state.partition.partition()).setOffset(state.fetchOffset)
                    .setMaxBytes(config.maxPartitionFetchBytes()));
        }
        long deadlineMs = config.fetchMaxWaitMs() + (long) config.requestTimeoutMs();
        int leader = group.get(0).leaderHint;
        PartitionServiceGrpc.PartitionServiceStub direct = leaders.direct(leader);
        if (direct != null) {
            direct.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).fetchPartitions(request.build(),
                    answers(sent, leader, failure -> leaders.failure(failure, leader)));
            return;
        }
        int gateway = connection.current();
        connection.async(gateway).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).fetchPartitions(request.build(),
                answers(sent, THROUGH_GATEWAY, failure -> connection.failure(failure, gateway)));
    }

    /** The answers of a call to {@code leader} itself, or of one {@link #THROUGH_GATEWAY}. */
    private StreamObserver<FetchPartitionsResponse> answers(List<InFlight> sent, int leader,
                                                           Function<Throwable, StrataClientException> failures) {
        return new StreamObserver<>() {
            @Override
            public void onNext(FetchPartitionsResponse response) {
                if (leader != THROUGH_GATEWAY) {
                    leaders.answered(leader);
                }
                fetched(sent, response, leader != THROUGH_GATEWAY);
            }

            @Override
            public void onError(Throwable failure) {
                fetchFailed(sent, failures.apply(failure));
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    /**
     * Starts ListOffsets for the partitions among {@code candidates} whose position is to be found:
     * one call per topic and reset strategy, not one per partition.
     */
    private void startResets(Collection<PartitionFetchState> candidates, long now) {
        Map<String, List<PartitionFetchState>> byTopicAndSpec = new LinkedHashMap<>();
        for (PartitionFetchState state : candidates) {
            if (state.hasPosition() || state.resetInFlight || state.awaitingSeek || state.reset == null
                    || state.notBeforeNanos - now > 0) {
                continue;
            }
            if (state.reset == OffsetReset.NONE) {
                state.awaitingSeek = true;
                state.error = new StrataClientException(ErrorCode.OFFSET_OUT_OF_RANGE, state.partition
                        + " has no valid position and auto.offset.reset=none: seek to an offset first");
                continue;
            }
            byTopicAndSpec.computeIfAbsent(state.reset + "\u0000" + state.partition.topic(), key -> new ArrayList<>()).add(state);
        }
        byTopicAndSpec.values().forEach(this::sendReset);
    }

    private void sendReset(List<PartitionFetchState> group) {
        OffsetSpec spec = group.get(0).reset == OffsetReset.EARLIEST ? OffsetSpec.OFFSET_SPEC_EARLIEST : OffsetSpec.OFFSET_SPEC_LATEST;
        ListTopicOffsetsRequest.Builder request = ListTopicOffsetsRequest.newBuilder()
                .setTopic(group.get(0).partition.topic()).setSpec(spec);
        List<InFlight> sent = new ArrayList<>(group.size());
        for (PartitionFetchState state : group) {
            state.resetInFlight = true;
            sent.add(new InFlight(state, state.epoch, PartitionFetchState.UNKNOWN));
            request.addPartitions(state.partition.partition());
        }
        int gateway = connection.current();
        connection.async(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .listOffsets(request.build(), new StreamObserver<>() {
                    @Override
                    public void onNext(ListTopicOffsetsResponse response) {
                        resetDone(sent, response);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        fetchFailed(sent, connection.failure(failure, gateway));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    // ---- callbacks (gRPC threads) ----------------------------------------------------------------

    /**
     * An answer of the gateway, or of a leader read {@code direct}ly. A partition a leader answered
     * with an error goes back to the gateway (its hint forgotten): whatever the error, the gateway
     * knows the partition's current leader and answers for it.
     */
    private void fetched(List<InFlight> sent, FetchPartitionsResponse response, boolean direct) {
        if (!direct) {
            leaders.learn(response);
        }
        lock.lock();
        try {
            Map<TopicPartition, InFlight> current = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                InFlight fetch = sent.get(i);
                if (i < response.getLeadersCount()) {
                    fetch.state().leaderHint = response.getLeaders(i);
                }
                if (fetch.state().epoch == fetch.epoch()) {
                    fetch.state().fetchInFlight = false;
                    current.put(fetch.state().partition, fetch);
                }
            }
            for (PartitionRecords answer : response.getPartitionsList()) {
                InFlight fetch = current.remove(new TopicPartition(answer.getTopic(), answer.getPartition()));
                if (fetch == null) {
                    continue; // of an older epoch (a seek, a reset, a revoke since): dropped
                }
                if (answer.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
                    if (direct) {
                        fetch.state().leaderHint = -1;
                    }
                    failed(fetch.state(), new StrataClientException(answer.getErrorCode(), answer.getErrorMessage()));
                } else {
                    buffer(fetch, answer, direct);
                }
            }
            current.values().forEach(fetch -> fetch.state().failures = 0); // nothing new, but answered
            changed.signalAll();
            sendFetches(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    private void buffer(InFlight fetch, PartitionRecords answer, boolean direct) {
        PartitionFetchState state = fetch.state();
        state.failures = 0;
        state.highWatermark = answer.getHighWatermark();
        if (answer.getRecords().isEmpty()) {
            return;
        }
        // Array-backed, not asReadOnlyByteBuffer(): kafka-clients checks the CRC32C of a read-only
        // heap buffer one byte at a time, which cost more than everything else in consume. The
        // answer's records are a view of the array it was parsed from (AliasingMarshaller), so this
        // is that array, not a copy of it.
        ByteBuffer bytes = ArrayView.of(answer.getRecords());
        CompletedFetch completed = new CompletedFetch(state.partition, fetch.epoch(), bytes, config.checkCrcs());
        state.buffered.addLast(completed);
        state.bufferedBytes += completed.sizeInBytes;
        bufferedBytes += completed.sizeInBytes;
        bytesConsumed += completed.sizeInBytes;
        bytesFromLeaders += direct ? completed.sizeInBytes : 0;
        state.fetchOffset = Math.max(fetch.offset(), nextOffset(answer, bytes));
    }

    private static long nextOffset(PartitionRecords answer, ByteBuffer bytes) {
        if (answer.getNextOffset() > 0) {
            return answer.getNextOffset();
        }
        long next = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            next = batch.nextOffset();
        }
        return next;
    }

    private void resetDone(List<InFlight> sent, ListTopicOffsetsResponse response) {
        lock.lock();
        try {
            Map<Integer, Long> found = new HashMap<>();
            response.getOffsetsList().forEach(offset -> found.put(offset.getPartition(), offset.getOffset()));
            for (InFlight reset : sent) {
                PartitionFetchState state = reset.state();
                if (state.epoch != reset.epoch()) {
                    continue;
                }
                state.resetInFlight = false;
                Long offset = found.get(state.partition.partition());
                if (offset == null || offset < 0) {
                    backOff(state, new StrataClientException(ErrorCode.UNKNOWN_SERVER_ERROR, "ListOffsets gave no offset for " + state.partition));
                    continue;
                }
                state.failures = 0;
                state.position = offset;
                state.fetchOffset = offset;
                state.reset = null;
            }
            changed.signalAll();
            sendFetches(System.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** A whole call failed: each of its partitions (of the current epoch) fails with it. */
    private void fetchFailed(List<InFlight> sent, StrataClientException error) {
        lock.lock();
        try {
            for (InFlight call : sent) {
                if (call.state().epoch == call.epoch()) {
                    failed(call.state(), error);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void failed(PartitionFetchState state, StrataClientException error) {
        state.fetchInFlight = false;
        state.resetInFlight = false;
        if (error.code() == ErrorCode.OFFSET_OUT_OF_RANGE && state.hasPosition()) {
            outOfRange(state, error);
        } else {
            backOff(state, error);
        }
    }

    private void outOfRange(PartitionFetchState state, StrataClientException error) {
        long position = state.position;
        restart(state);
        if (config.autoOffsetReset() == OffsetReset.NONE) {
            state.awaitingSeek = true;
            state.error = new StrataClientException(ErrorCode.OFFSET_OUT_OF_RANGE, "position " + position + " of "
                    + state.partition + " is out of range and auto.offset.reset=none: " + error.getMessage(), error);
            return;
        }
        state.position = PartitionFetchState.UNKNOWN;
        state.reset = config.autoOffsetReset();
        startResets(List.of(state), System.nanoTime());
    }

    /** A failure: try again after a back-off; a failure that retrying may not cure is also reported by poll. */
    private void backOff(PartitionFetchState state, StrataClientException error) {
        state.failures++;
        state.notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff.backoffMs(state.failures));
        if (!error.retriable() && error.code() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            state.error = new StrataClientException(error.code(), "fetching " + state.partition + " failed: "
                    + error.getMessage(), error);
        }
    }
}
