package io.strata.connector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.strata.client.producer.Producer;

import java.util.List;

/**
 * A producer of a channel on a Micrometer registry: {@code strata.producer.records.sent} (records
 * the cluster acknowledged) and {@code strata.producer.records.failed} (sends that failed), read
 * from {@link Producer#metrics()} when scraped. Tagged {@code channel} and {@code role}: an
 * outgoing channel's producer is {@value #OUTGOING}; an incoming channel's dead-letter producer is
 * {@value #DEAD_LETTER_QUEUE}, or {@code dead-letter-queue-<n>} for the n-th consumer of a channel
 * with {@code partitions > 1} (each consumer has its own). Every meter of one name has the same
 * tag keys, as Prometheus requires. Thread-safe.
 */
public final class ProducerMeters implements AutoCloseable {

    /** {@code role} of an outgoing channel's producer. */
    public static final String OUTGOING = "outgoing";
    /** {@code role} of the dead-letter producer of an incoming channel with one consumer. */
    public static final String DEAD_LETTER_QUEUE = "dead-letter-queue";

    private final MeterRegistry registry;
    private final List<Meter> meters;

    public ProducerMeters(MeterRegistry registry, String channel, String role, Producer producer) {
        this.registry = registry;
        Tags tags = Tags.of("channel", channel, "role", role);
        meters = List.of(
                FunctionCounter.builder("strata.producer.records.sent", producer, p -> p.metrics().recordsSent())
                        .tags(tags).description("Records of the channel's producer the cluster acknowledged").register(registry),
                FunctionCounter.builder("strata.producer.records.failed", producer, p -> p.metrics().recordsFailed())
                        .tags(tags).description("Records of the channel's producer whose send failed").register(registry));
    }

    /** The {@code role} of the dead-letter producer of consumer {@code index} of a channel with {@code consumers} consumers. */
    public static String deadLetterQueueRole(int index, int consumers) {
        return consumers == 1 ? DEAD_LETTER_QUEUE : DEAD_LETTER_QUEUE + "-" + index;
    }

    /** Removes the producer's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
