package io.strata.connector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.strata.client.producer.Producer;

import java.util.List;

/**
 * An outgoing channel's producer on a Micrometer registry, tagged {@code channel}:
 * {@code strata.producer.records.sent} (records the cluster acknowledged) and
 * {@code strata.producer.records.failed} (sends that failed), read from {@link Producer#metrics()}
 * when scraped. Thread-safe.
 */
public final class ProducerMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters;

    public ProducerMeters(MeterRegistry registry, String channel, Producer producer) {
        this.registry = registry;
        Tags tags = Tags.of("channel", channel);
        meters = List.of(
                FunctionCounter.builder("strata.producer.records.sent", producer, p -> p.metrics().recordsSent())
                        .tags(tags).description("Records of the channel the cluster acknowledged").register(registry),
                FunctionCounter.builder("strata.producer.records.failed", producer, p -> p.metrics().recordsFailed())
                        .tags(tags).description("Records of the channel whose send failed").register(registry));
    }

    /** Removes the channel's meters from the registry. */
    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
