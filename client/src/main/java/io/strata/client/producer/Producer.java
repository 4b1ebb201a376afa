package io.strata.client.producer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import io.strata.client.config.ConfigValues;
import io.strata.client.config.ProducerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.retry.RetryBackoff;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends records to Strata through its gateway(s), as Kafka's producer does: {@code send} puts the
 * record into its partition's batch and returns at once; one sender thread ships ready batches,
 * several partitions per request, at most one request in flight per partition, and retries what
 * fails retriably within {@code delivery.timeout.ms}. With {@code enable.idempotence} (the default)
 * batches carry a producer id and sequence numbers, so a retry of a batch that was written after
 * all is recognised by the leader and not written twice. Settings: {@link ProducerConfig}.
 *
 * <p>Thread-safe: share one producer among threads. Futures complete on gRPC's threads, in order
 * per partition; keep work done in their callbacks short.
 */
public final class Producer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Producer.class.getName());
    private static final AtomicInteger IDS = new AtomicInteger();
    /** A partition leader remembers an idempotent producer's last five batches (as Kafka's brokers do). */
    static final int MAX_IDEMPOTENT_BATCHES_PER_PARTITION = 5;

    private final ProducerConfig config;
    private final GatewayConnection connection;
    private final RecordAccumulator accumulator;
    private final ProducerTopics topics;
    private final Sender sender;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder recordsSent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder recordsFailed = new java.util.concurrent.atomic.LongAdder();

    private Producer(ProducerConfig config) {
        this.config = config;
        this.connection = new GatewayConnection(config.bootstrapServers(), 64 << 20, config.security());
        BufferPool pool = new BufferPool(config.bufferMemory(), Math.max(config.batchSize(), 1));
        Compression compression = Compression.of(config.compression()).build();
        this.accumulator = new RecordAccumulator(config.batchSize(), compression,
                TimeUnit.MILLISECONDS.toNanos(config.lingerMs()), pool,
                config.idempotence() ? MAX_IDEMPOTENT_BATCHES_PER_PARTITION : Integer.MAX_VALUE, config.maxRequestSize());
        Runnable wakeup = this::wakeup;
        this.topics = new ProducerTopics(config, accumulator, pool, connection, wakeup);
        ProducerIdentity identity = new ProducerIdentity(connection,
                new RetryBackoff(config.retryBackoffMs(), config.retryBackoffMaxMs()), config.requestTimeoutMs(), wakeup);
        this.sender = new Sender(config, accumulator, topics, connection, identity);
        Thread thread = new Thread(sender, "strata-producer-sender-" + IDS.incrementAndGet());
        thread.setDaemon(true);
        sender.start(thread);
    }

    public static Producer create(Map<String, ?> config) {
        ConfigValues values = ConfigValues.of(config);
        Producer producer = new Producer(ProducerConfig.from(values));
        warnUnread(values);
        return producer;
    }

    public static Producer create(Properties config) {
        ConfigValues values = ConfigValues.of(config);
        Producer producer = new Producer(ProducerConfig.from(values));
        warnUnread(values);
        return producer;
    }

    private static void warnUnread(ConfigValues values) {
        if (!values.unread().isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "producer settings not used: " + values.unread());
        }
    }

    /** A snapshot of this producer's meters; any thread may call it. */
    public ProducerMetrics metrics() {
        return new ProducerMetrics(recordsSent.sum(), recordsFailed.sum());
    }

    public ProducerConfig config() {
        return config;
    }

    /**
     * Queues a record and returns the future of its acknowledgement. Does not wait for the
     * network; waits only while buffer.memory is full (up to max.block.ms, then the future fails
     * with REQUEST_TIMED_OUT). A record larger than max.request.size fails with MESSAGE_TOO_LARGE.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord record) {
        if (closed) {
            throw new IllegalStateException("cannot send: the producer is closed");
        }
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        future.whenComplete((written, failure) -> (failure == null ? recordsSent : recordsFailed).increment());
        try {
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            org.apache.kafka.common.header.Header[] headers = headers(record);
            int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                    config.compression(), record.key(), record.value(), headers);
            if (size > config.maxRequestSize() || size > config.bufferMemory()) {
                throw new StrataClientException(ErrorCode.MESSAGE_TOO_LARGE, "a record of " + size
                        + " bytes (with batch overhead) for topic '" + record.topic() + "' is larger than max.request.size ("
                        + config.maxRequestSize() + ") or buffer.memory (" + config.bufferMemory() + ")");
            }
            TopicState topic = topics.state(record.topic());
            int partition;
            synchronized (topic) {
                partition = topic.partitionNow(record, size);
            }
            if (partition < 0) {
                partition = topics.addPending(topic, new PendingRecord(record, timestamp, headers, size, future, System.nanoTime()));
                if (partition < 0) {
                    return future;
                }
            }
            if (accumulator.append(topic.queues, topic.queues.queue(partition), timestamp, record.key(), record.value(), headers,
                    future, config.maxBlockMs(), System.nanoTime())) {
                wakeup();
            }
        } catch (StrataClientException e) {
            future.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new StrataClientException(ErrorCode.REQUEST_TIMED_OUT,
                    "interrupted while waiting for buffer memory", e));
        }
        return future;
    }

    private static org.apache.kafka.common.header.Header[] headers(ProducerRecord record) {
        List<io.strata.client.Header> headers = record.headers();
        if (headers.isEmpty()) {
            return Record.EMPTY_HEADERS;
        }
        org.apache.kafka.common.header.Header[] converted = new org.apache.kafka.common.header.Header[headers.size()];
        for (int i = 0; i < converted.length; i++) {
            converted[i] = new RecordHeader(headers.get(i).key(), headers.get(i).value());
        }
        return converted;
    }

    private void wakeup() {
        sender.wakeup();
    }

    /**
     * Sends everything queued without waiting for linger.ms, and returns once every record sent
     * before this call has completed (acknowledged or failed).
     */
    public void flush() {
        flush(Long.MAX_VALUE);
    }

    private boolean flush(long timeoutNanos) {
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        sender.beginFlush();
        try {
            List<CompletableFuture<?>> waits = new ArrayList<>(topics.pendingFutures());
            accumulator.incomplete().forEach(batch -> waits.add(batch.done()));
            for (CompletableFuture<?> wait : waits) {
                if (!await(wait, deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            sender.endFlush();
        }
    }

    private static boolean await(CompletableFuture<?> future, long deadline) {
        try {
            if (deadline == Long.MAX_VALUE) {
                future.handle((r, e) -> null).get();
            } else {
                future.handle((r, e) -> null).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Sends what is queued and waits for it, then releases the connection. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Sends what is queued and waits up to {@code timeout} for it; whatever is not acknowledged by
     * then fails with REQUEST_TIMED_OUT. Duration.ZERO fails everything unsent at once.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        long timeoutNanos = timeout.toMillis() >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : timeout.toNanos();
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        sender.initiateClose();
        joinSender(deadline);
        sender.forceClose();
        joinSender(Long.MAX_VALUE);
        connection.close();
        StrataClientException closedError = new StrataClientException(ErrorCode.REQUEST_TIMED_OUT,
                "the producer was closed before the record was acknowledged");
        accumulator.removeAll().forEach(batch -> batch.fail(closedError));
        accumulator.incomplete().forEach(batch -> batch.fail(closedError));
    }

    private void joinSender(long deadline) {
        Thread thread = sender.thread();
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            if (deadline == Long.MAX_VALUE) {
                thread.join();
            } else {
                long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (ms > 0) {
                    thread.join(ms);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
