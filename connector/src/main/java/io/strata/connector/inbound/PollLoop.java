package io.strata.connector.inbound;

import io.strata.client.Header;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.consumer.WakeupException;
import io.strata.client.group.RebalanceListener;
import io.strata.connector.commit.CommitHandler;
import io.strata.connector.metrics.ConsumerMeters;
import io.strata.connector.failure.FailedRecord;
import io.strata.connector.failure.FailureHandler;
import io.strata.connector.metadata.IncomingStrataRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One incoming channel's poll thread: it owns the Strata consumer (a consumer is for one thread),
 * polls, turns records into messages for the {@link DeliveryQueue}, and is the only one to tell
 * the {@link CommitHandler} anything, so commit state needs no lock. Acknowledgements come from
 * the application's threads through a concurrent queue the loop drains on every turn; a message
 * carries the generation of its partition's assignment, and an acknowledgement of an earlier
 * generation (the partition was revoked meanwhile, and its records go to another member) is
 * dropped.
 *
 * <p>Back-pressure: when {@code pause-if-no-requests} is on and the delivery queue holds the
 * channel's bound, every assigned partition is paused (the consumer keeps polling, so the group
 * keeps the member, but fetches nothing) until the application has taken half of it. Rebalances
 * run inside {@code poll}, on this thread: before partitions are revoked, what was acknowledged of
 * them is committed and what is queued of them is dropped.
 */
final class PollLoop implements Runnable, RebalanceListener {

    private static final System.Logger LOG = System.getLogger(PollLoop.class.getName());

    /** An acknowledgement on its way from the application to the poll thread. */
    private record Ack(TopicPartition partition, long offset, int generation) {
    }

    private final SourceSettings settings;
    private final CommitHandler commits;
    private final FailureHandler failures;
    private final Deserializer<Object> keyDeserializer;
    private final Deserializer<Object> valueDeserializer;
    private final DeliveryQueue deliveries;
    private final Consumer consumer;
    private final ConsumerMeters meters;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Integer> generations = new HashMap<>();
    private int generation;
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile boolean polling;
    private volatile Throwable failure;

    PollLoop(SourceSettings settings, CommitHandler commits, FailureHandler failures, Deserializer<Object> keyDeserializer,
             Deserializer<Object> valueDeserializer, DeliveryQueue deliveries, Consumer consumer, ConsumerMeters meters) {
        this.settings = settings;
        this.commits = commits;
        this.failures = failures;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
        this.deliveries = deliveries;
        this.consumer = consumer;
        this.meters = meters;
    }

    @Override
    public void run() {
        try {
            if (settings.pattern() != null) {
                consumer.subscribe(settings.pattern(), this);
            } else {
                consumer.subscribe(settings.topics(), this);
            }
            polling = true;
            while (!stopping && !deliveries.isCancelled()) {
                turn();
            }
        } catch (RuntimeException | Error failed) {
            fail(failed);
        } finally {
            shutdown();
        }
    }

    private void turn() {
        long now = System.currentTimeMillis();
        drainAcks();
        commits.overdue(now).ifPresent(overdue -> {
            throw overdue;
        });
        commitAsync(commits.due(now));
        applyBackPressure();
        List<ConsumerRecord> records;
        try {
            records = consumer.poll(Duration.ofMillis(settings.pollTimeoutMs()));
        } catch (WakeupException woken) {
            return; // stop, or demand came back while paused: look again
        }
        long received = System.currentTimeMillis();
        meters.refresh(received);
        if (settings.batch()) {
            enqueueBatches(records, received);
            return;
        }
        for (ConsumerRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            IncomingStrataRecord<Object, Object> message = toMessage(partition, record, received);
            if (message != null) {
                deliveries.offer(partition, message);
            }
        }
    }

    /** Batch mode: one message per partition per poll, its payload the records' values in offset order. */
    private void enqueueBatches(List<ConsumerRecord> records, long receivedMs) {
        Map<TopicPartition, List<IncomingStrataRecord<Object, Object>>> byPartition = new java.util.LinkedHashMap<>();
        for (ConsumerRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            IncomingStrataRecord<Object, Object> message = toMessage(partition, record, receivedMs);
            if (message != null) {
                byPartition.computeIfAbsent(partition, p -> new java.util.ArrayList<>()).add(message);
            }
        }
        byPartition.forEach((partition, messages) -> deliveries.offer(partition, new IncomingStrataRecordBatch(messages)));
    }

    /** The channel fails with {@code reason}: the subscriber gets it and the loop stops. Any thread. */
    void fail(Throwable reason) {
        if (failure == null) {
            failure = reason;
            LOG.log(System.Logger.Level.ERROR, "channel " + settings.channel() + " failed: " + reason, reason);
        }
        deliveries.fail(reason);
        stop();
    }

    /** Ends the loop (it commits and closes on its way out). Any thread. */
    void stop() {
        stopping = true;
        consumer.wakeup();
    }

    /** The application asked for more: a paused loop looks at its queue again at once. Any thread. */
    void demandChanged() {
        if (paused && deliveries.size() <= settings.maxQueueSize() / 2) {
            consumer.wakeup();
        }
    }

    boolean isPaused() {
        return paused;
    }

    /** Whether the loop has joined its group and polls (false before, and once it stopped). */
    boolean isPolling() {
        return polling;
    }

    /** What failed the channel, or null. */
    Throwable failure() {
        return failure;
    }

    private void applyBackPressure() {
        if (!settings.pauseIfNoRequests()) {
            return;
        }
        int queued = deliveries.size();
        if (queued >= settings.maxQueueSize()) {
            consumer.pause(consumer.assignment()); // again each turn: partitions assigned meanwhile too
            paused = true;
        } else if (paused && queued <= settings.maxQueueSize() / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    /** The record's message, or null: revoked meanwhile, or undecodable (then handed to the failure strategy). */
    private IncomingStrataRecord<Object, Object> toMessage(TopicPartition partition, ConsumerRecord record, long receivedMs) {
        Integer recordGeneration = generations.get(partition);
        if (recordGeneration == null) {
            return null; // revoked while the poll was returning; read again by its new owner
        }
        commits.received(partition, record.offset(), receivedMs);
        Object key;
        Object value;
        try {
            RecordHeaders headers = kafkaHeaders(record.headers());
            key = record.key() == null ? null : keyDeserializer.deserialize(record.topic(), headers, record.key());
            value = valueDeserializer.deserialize(record.topic(), headers, record.value());
        } catch (RuntimeException undecodable) {
            // Nobody can process it: the failure strategy decides, as for a nack.
            nack(record, recordGeneration, new IllegalArgumentException("the record at offset " + record.offset() + " of "
                    + partition + " cannot be deserialized: " + undecodable.getMessage(), undecodable));
            return null;
        }
        IncomingStrataRecordMetadata<Object> metadata = new IncomingStrataRecordMetadata<>(key, record.topic(),
                record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()), record.headers());
        int ackGeneration = recordGeneration;
        return new IncomingStrataRecord<>(value, metadata,
                () -> ack(partition, record.offset(), ackGeneration),
                reason -> nack(record, ackGeneration, reason));
    }

    private static RecordHeaders kafkaHeaders(List<Header> headers) {
        RecordHeaders kafka = new RecordHeaders();
        headers.forEach(header -> kafka.add(header.key(), header.value()));
        return kafka;
    }

    /** Any thread. */
    private CompletionStage<Void> ack(TopicPartition partition, long offset, int ackGeneration) {
        acks.add(new Ack(partition, offset, ackGeneration));
        return CompletableFuture.completedFuture(null);
    }

    /** Any thread. */
    private CompletionStage<Void> nack(ConsumerRecord record, int ackGeneration, Throwable reason) {
        FailedRecord failed = new FailedRecord(settings.channel(), record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), record.headers());
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        CompletionStage<Void> handled;
        try {
            handled = failures.handle(failed, reason);
        } catch (RuntimeException broken) {
            handled = CompletableFuture.failedFuture(broken);
        }
        return handled.whenComplete((done, unhandled) -> {
            if (unhandled == null) {
                acks.add(new Ack(partition, record.offset(), ackGeneration));
            } else {
                fail(unhandled instanceof java.util.concurrent.CompletionException && unhandled.getCause() != null
                        ? unhandled.getCause() : unhandled);
            }
        });
    }

    private void drainAcks() {
        for (Ack ack; (ack = acks.poll()) != null; ) {
            Integer current = generations.get(ack.partition());
            if (current != null && current == ack.generation()) {
                commits.acknowledged(ack.partition(), ack.offset());
            }
        }
    }

    private void commitAsync(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.log(System.Logger.Level.WARNING, "channel " + settings.channel() + ": commit of " + committed
                        + " failed, it is tried again: " + error);
                commits.commitFailed(committed);
            }
        });
    }

    private void commitSync(Map<TopicPartition, Long> offsets, String when) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (StrataClientException failed) {
            LOG.log(System.Logger.Level.WARNING, "channel " + settings.channel() + ": commit of " + offsets + " " + when
                    + " failed; those records will be read again: " + failed);
        }
    }

    // ---- rebalances, inside poll, on this thread ---------------------------------------------------------

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        drainAcks();
        Map<TopicPartition, Long> offsets = commits.revoked(partitions);
        deliveries.removePartitions(partitions);
        partitions.forEach(generations::remove);
        commitSync(offsets, "before partitions were revoked");
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        generation++;
        partitions.forEach(partition -> generations.put(partition, generation));
        commits.assigned(partitions);
        if (paused) {
            consumer.pause(partitions);
        }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        commits.lost(partitions);
        deliveries.removePartitions(partitions);
        partitions.forEach(generations::remove);
    }

    private void shutdown() {
        polling = false;
        try {
            if (settings.gracefulShutdown()) {
                drainAcks();
                commitSync(commits.all(), "on shutdown");
            }
        } finally {
            try {
                consumer.close();
            } finally {
                failures.close();
                keyDeserializer.close();
                valueDeserializer.close();
                if (failure == null) {
                    deliveries.complete();
                }
            }
        }
    }
}
