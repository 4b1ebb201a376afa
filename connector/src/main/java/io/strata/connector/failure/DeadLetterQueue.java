package io.strata.connector.failure;

import io.strata.client.Header;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.connector.metrics.ProducerMeters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code failure-strategy=dead-letter-queue}: writes the nacked record to the dead-letter topic
 * ({@code dead-letter-queue.topic}, by default {@code dead-letter-topic-<channel>}, as
 * smallrye-kafka names it) with its original key, value and headers plus these headers, UTF-8
 * text as smallrye-kafka writes them: {@value #REASON} (the nack reason's message),
 * {@value #CAUSE} (its cause's message, when it has a cause), {@value #EXCEPTION_CLASS_NAME},
 * {@value #CAUSE_CLASS_NAME} (when it has a cause), {@value #TOPIC}, {@value #PARTITION} and
 * {@value #OFFSET} (where the record was read). The record counts as processed once the
 * dead-letter topic acknowledged it; a dead-letter write that fails fails the channel (the record
 * would otherwise be lost).
 *
 * <p>The producer's meters ({@link ProducerMeters}, role {@code dead-letter-queue}) are on the
 * registry from construction until {@link #close()}.
 *
 * <p>The dead-letter topic must exist (Strata does not create topics on write). Thread-safe: the
 * producer is.
 */
public final class DeadLetterQueue implements FailureHandler {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private static final System.Logger LOG = System.getLogger(DeadLetterQueue.class.getName());

    private final String topic;
    private final Producer producer;
    private final ProducerMeters meters;

    /** Takes over {@code producer} and {@code meters} (its meters): {@link #close()} closes both. */
    public DeadLetterQueue(String topic, Producer producer, ProducerMeters meters) {
        this.topic = topic;
        this.producer = producer;
        this.meters = meters;
    }

    public String topic() {
        return topic;
    }

    @Override
    public CompletionStage<Void> handle(FailedRecord record, Throwable reason) {
        List<Header> headers = new ArrayList<>(record.headers());
        headers.add(text(REASON, reason.getMessage()));
        headers.add(text(EXCEPTION_CLASS_NAME, reason.getClass().getName()));
        if (reason.getCause() != null) {
            headers.add(text(CAUSE, reason.getCause().getMessage()));
            headers.add(text(CAUSE_CLASS_NAME, reason.getCause().getClass().getName()));
        }
        headers.add(text(TOPIC, record.topic()));
        headers.add(text(PARTITION, Integer.toString(record.partition())));
        headers.add(text(OFFSET, Long.toString(record.offset())));
        LOG.log(System.Logger.Level.INFO, "channel " + record.channel() + ": the record at offset " + record.offset() + " of "
                + record.topic() + "-" + record.partition() + " was nacked; it goes to the dead-letter topic " + topic + ": " + reason);
        return producer.send(new ProducerRecord(topic, null, null, record.key(), record.value(), headers))
                .thenApply(written -> null);
    }

    private static Header text(String key, String value) {
        return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
        meters.close();
    }
}
