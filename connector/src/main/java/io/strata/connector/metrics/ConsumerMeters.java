package io.strata.connector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An incoming channel's consumer on a Micrometer registry, tagged {@code channel} and {@code client}
 * (the poll thread's name, which tells the consumers of a {@code partitions=n} channel apart):
 *
 * <pre>
 * strata.consumer.records.consumed   counter  records poll returned
 * strata.consumer.bytes.consumed     counter  bytes of record batches fetched
 * strata.consumer.commit.latency     timer    offset commits (count, total time), from sent to answered
 * strata.consumer.partitions.paused  gauge    partitions paused now (back-pressure)
 * strata.consumer.lag                gauge    per topic and partition: high watermark − position
 * </pre>
 *
 * Counters, timer and paused gauge read {@link Consumer#metrics()} when scraped. The lag gauges follow
 * the assignment: {@link #refresh} (the poll thread, after a poll) re-registers them at most once per
 * {@value #LAG_REFRESH_MS} ms, dropping partitions no longer assigned. Thread-safe: refresh runs on
 * the poll thread only, scrapes on any.
 */
public final class ConsumerMeters implements AutoCloseable {

    /** How often the per-partition lag gauges are brought up to date with the assignment. */
    public static final long LAG_REFRESH_MS = 1000;

    private final MeterRegistry registry;
    private final Consumer consumer;
    private final List<Meter> meters = new ArrayList<>();
    private final MultiGauge lag;
    private long nextRefreshMs;

    public ConsumerMeters(MeterRegistry registry, String channel, String client, Consumer consumer) {
        this.registry = registry;
        this.consumer = consumer;
        Tags tags = Tags.of("channel", channel, "client", client);
        meters.add(FunctionCounter.builder("strata.consumer.records.consumed", this, m -> m.snapshot().recordsConsumed())
                .tags(tags).description("Records the channel's consumer returned from poll").register(registry));
        meters.add(FunctionCounter.builder("strata.consumer.bytes.consumed", this, m -> m.snapshot().bytesConsumed())
                .tags(tags).baseUnit("bytes").description("Bytes of record batches the channel's consumer fetched").register(registry));
        meters.add(FunctionTimer.builder("strata.consumer.commit.latency", this, m -> m.snapshot().commits(),
                        m -> m.snapshot().commitNanos(), TimeUnit.NANOSECONDS)
                .tags(tags).description("Offset commits of the channel, from sent to answered").register(registry));
        meters.add(Gauge.builder("strata.consumer.partitions.paused", this, m -> m.snapshot().paused().size())
                .tags(tags).description("Partitions of the channel paused now (back-pressure)").register(registry));
        lag = MultiGauge.builder("strata.consumer.lag").tags(tags)
                .description("Records of the partition not yet returned by poll: high watermark minus position").register(registry);
    }

    /** The consumer's metrics now (each meter of a scrape reads them anew; they are cheap). */
    private ConsumerMetrics snapshot() {
        return consumer.metrics();
    }

    /** On the poll thread: brings the lag gauges up to date with the assignment, when due. */
    public void refresh(long nowMs) {
        if (nowMs < nextRefreshMs) {
            return;
        }
        nextRefreshMs = nowMs + LAG_REFRESH_MS;
        ConsumerMetrics now = snapshot();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        now.lag().keySet().forEach(partition -> rows.add(MultiGauge.Row.of(
                Tags.of("topic", partition.topic(), "partition", Integer.toString(partition.partition())),
                this, m -> m.lagOf(partition))));
        lag.register(rows, true);
    }

    private double lagOf(io.strata.client.TopicPartition partition) {
        Long value = snapshot().lag().get(partition);
        return value == null ? Double.NaN : value;
    }

    /** Removes every meter of the channel's consumer from the registry. */
    @Override
    public void close() {
        lag.register(List.of(), true);
        meters.forEach(registry::remove);
    }
}
