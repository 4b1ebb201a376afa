package io.strata.client.producer;

import io.grpc.stub.StreamObserver;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import io.strata.client.config.ProducerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.retry.RetryBackoff;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The producer's topic metadata: partition counts asked of the gateway (DescribeTopics, one topic
 * per call, without blocking anyone), and the records waiting for them. {@code send} threads read
 * counts and add waiting records; the sender thread asks for metadata and, once a count is known,
 * partitions the waiting records into the accumulator in the order they were sent.
 */
final class ProducerTopics {

    private final ProducerConfig config;
    private final RecordAccumulator accumulator;
    private final BufferPool pool;
    private final GatewayConnection connection;
    private final Runnable wakeup;
    private final RetryBackoff backoff;
    private final ConcurrentHashMap<String, TopicState> topics = new ConcurrentHashMap<>();

    ProducerTopics(ProducerConfig config, RecordAccumulator accumulator, BufferPool pool, GatewayConnection connection,
                   Runnable wakeup) {
        this.config = config;
        this.accumulator = accumulator;
        this.pool = pool;
        this.connection = connection;
        this.wakeup = wakeup;
        this.backoff = new RetryBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs());
    }

    TopicState state(String topic) {
        TopicState state = topics.get(topic);
        return state != null ? state : topics.computeIfAbsent(topic, name ->
                new TopicState(name, accumulator.topic(name), config.batchSize(),
                        bound -> ThreadLocalRandom.current().nextInt(bound)));
    }

    /** Asks for a fresh partition count of {@code topic} (after the gateway did not know a partition). */
    void refreshSoon(String topic) {
        TopicState state = topics.get(topic);
        if (state != null) {
            synchronized (state) {
                state.refreshWanted = true;
            }
            wakeup.run();
        }
    }

    /**
     * Makes a record wait for its topic's metadata; its size is counted against buffer.memory
     * first (this may block, as a send may). Returns the partition if meanwhile the record can go
     * straight to it (the caller then appends it), or −1 once it waits.
     */
    int addPending(TopicState state, PendingRecord record) throws InterruptedException {
        pool.reserve(record.reservedBytes(), config.maxBlockMs());
        synchronized (state) {
            int partition = state.partitionNow(record.record(), record.reservedBytes());
            if (partition >= 0) {
                pool.unreserve(record.reservedBytes());
                return partition;
            }
            state.pending.addLast(record);
        }
        wakeup.run();
        return TopicState.UNKNOWN;
    }

    /**
     * The sender thread's turn: ask for metadata where wanted, partition waiting records whose
     * count arrived, fail those of missing topics or waiting past max.block.ms. Returns when it
     * next wants to run (Long.MAX_VALUE: only on an event).
     */
    long maintain(long nowNanos) {
        long next = Long.MAX_VALUE;
        long maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(config.metadataMaxAgeMs());
        for (TopicState state : topics.values()) {
            synchronized (state) {
                next = Math.min(next, settlePending(state, nowNanos));
                boolean stale = state.partitionCount > 0 && nowNanos - state.refreshedNanos >= maxAgeNanos;
                boolean wanted = state.refreshWanted || stale || (!state.pending.isEmpty() && state.partitionCount <= 0);
                if (wanted && !state.refreshInFlight) {
                    if (nowNanos - state.refreshNotBeforeNanos >= 0) {
                        describe(state, nowNanos);
                    } else {
                        next = Math.min(next, state.refreshNotBeforeNanos);
                    }
                }
                if (state.partitionCount > 0) {
                    next = Math.min(next, state.refreshedNanos + maxAgeNanos);
                }
            }
        }
        return next;
    }

    /** Caller holds the state's monitor. Returns when the oldest waiting record times out. */
    private long settlePending(TopicState state, long nowNanos) {
        long maxBlockNanos = TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs());
        while (state.missing && !state.pending.isEmpty() && state.pending.peekFirst().sinceNanos() - state.missingAsOfNanos <= 0) {
            PendingRecord waiting = state.pending.pollFirst();
            pool.unreserve(waiting.reservedBytes());
            waiting.future().completeExceptionally(new StrataClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "topic '" + state.name + "' does not exist"));
        }
        while (!state.pending.isEmpty()) {
            PendingRecord waiting = state.pending.peekFirst();
            if (state.partitionCount > 0) {
                state.pending.pollFirst();
                place(state, waiting, nowNanos);
            } else if (nowNanos - waiting.sinceNanos() >= maxBlockNanos) {
                state.pending.pollFirst();
                pool.unreserve(waiting.reservedBytes());
                waiting.future().completeExceptionally(new StrataClientException(ErrorCode.REQUEST_TIMED_OUT,
                        "the partition count of topic '" + state.name + "' was not known within max.block.ms ("
                                + config.maxBlockMs() + " ms)"));
            } else {
                return waiting.sinceNanos() + maxBlockNanos;
            }
        }
        return Long.MAX_VALUE;
    }

    private void place(TopicState state, PendingRecord waiting, long nowNanos) {
        ProducerRecord record = waiting.record();
        int partition = record.partition() != null ? record.partition() : state.choose(record, waiting.reservedBytes());
        pool.unreserve(waiting.reservedBytes());
        if (partition < 0 || partition >= state.partitionCount) {
            waiting.future().completeExceptionally(new StrataClientException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "partition " + record.partition() + " of topic '" + state.name + "' does not exist: the topic has "
                            + state.partitionCount + " partitions"));
            return;
        }
        try {
            accumulator.append(state.queues, state.queues.queue(partition), waiting.timestamp(), record.key(), record.value(),
                    waiting.headers(), waiting.future(), -1, nowNanos);
        } catch (InterruptedException | RuntimeException e) {
            // append without waiting for memory neither blocks nor throws; keep the record's future honest anyway
            waiting.future().completeExceptionally(StrataClientException.of(e));
        }
    }

    private void failAllPending(TopicState state, ErrorCode code, String message) {
        while (!state.pending.isEmpty()) {
            PendingRecord waiting = state.pending.pollFirst();
            pool.unreserve(waiting.reservedBytes());
            waiting.future().completeExceptionally(new StrataClientException(code, message));
        }
    }

    /** Caller holds the state's monitor. */
    private void describe(TopicState state, long nowNanos) {
        state.refreshInFlight = true;
        state.refreshWanted = false;
        state.describeSentNanos = nowNanos;
        int gateway = connection.current();
        connection.async(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .describeTopics(DescribeTopicsRequest.newBuilder().addNames(state.name).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(DescribeTopicsResponse response) {
                        answered(state, response.getTopicsCount() == 0 ? 0 : response.getTopics(0).getPartitionsCount(), null);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        answered(state, 0, connection.failure(failure, gateway));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    private void answered(TopicState state, int partitions, StrataClientException failure) {
        long now = System.nanoTime();
        synchronized (state) {
            state.refreshInFlight = false;
            if (failure == null && partitions > 0) {
                if (state.partitionCount == TopicState.UNKNOWN || state.queues.maxBatchBytes == 0) {
                    describeConfigs(state);
                }
                state.partitionCount = partitions;
                state.missing = false;
                state.refreshedNanos = now;
                state.refreshFailures = 0;
            } else if (failure != null && failure.code() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
                state.partitionCount = TopicState.UNKNOWN;
                state.missing = true;
                state.missingAsOfNanos = state.describeSentNanos;
                state.refreshedNanos = now;
            } else {
                state.refreshFailures++;
                state.refreshWanted = true;
                state.refreshNotBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff.backoffMs(state.refreshFailures));
            }
        }
        wakeup.run();
    }

    /**
     * Learns the topic's max.message.bytes, the cap for batches grown under load. Best effort:
     * until it is known, batches keep batch.size.
     */
    private void describeConfigs(TopicState state) {
        int gateway = connection.current();
        connection.async(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS)
                .describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(state.name).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(DescribeConfigsResponse response) {
                        for (ConfigEntry entry : response.getEntriesList()) {
                            if (entry.getName().equals("max.message.bytes")) {
                                try {
                                    state.queues.maxBatchBytes = Integer.parseInt(entry.getValue().trim());
                                } catch (NumberFormatException e) {
                                    // leave batches at batch.size
                                }
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable failure) {
                        connection.failure(failure, gateway);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    /** Fails every waiting record (the producer closes). */
    void failPending(StrataClientException failure) {
        List<TopicState> states = new ArrayList<>(topics.values());
        for (TopicState state : states) {
            synchronized (state) {
                failAllPending(state, failure.code(), failure.getMessage());
            }
        }
    }

    /** The futures of every waiting record (for flush). */
    List<java.util.concurrent.CompletableFuture<RecordMetadata>> pendingFutures() {
        List<java.util.concurrent.CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (TopicState state : topics.values()) {
            synchronized (state) {
                state.pending.forEach(waiting -> futures.add(waiting.future()));
            }
        }
        return futures;
    }
}
