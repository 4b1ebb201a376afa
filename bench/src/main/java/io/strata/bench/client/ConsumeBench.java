package io.strata.bench.client;

import io.strata.bench.BenchOptions;
import io.strata.bench.report.BenchResult;
import io.strata.bench.report.ProgressMeter;
import io.strata.bench.report.RunSeries;
import io.strata.bench.workload.Workload;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerMetrics;
import io.strata.client.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code ./strata bench consume}: Strata's {@code kafka-consumer-perf-test}. It first produces the
 * workload to a fresh topic (not timed; {@code --produce false} reads a {@code --topic} that
 * already holds the records), then one {@link Consumer} assigned every partition reads
 * {@code --records} records from the beginning. Only the reading is timed, from the first poll to
 * the last record; MB/s counts key and value bytes, as Kafka's tool does. No per-record latency is
 * measured: the percentiles are null. {@code --from-leaders false} reads through the gateway only
 * (the consumer's {@code fetch.from.leaders}); each run prints the share of bytes read from the leaders.
 */
public final class ConsumeBench {

    public static final List<String> OPTIONS;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long STALL_NANOS = 30_000_000_000L;

    static {
        List<String> options = new ArrayList<>(Workload.OPTIONS);
        options.addAll(List.of("runs", "warmup-runs", "produce", "max-poll-records", "fetch-size", "fetch-max-wait-ms", "from-leaders"));
        OPTIONS = List.copyOf(options);
    }

    private ConsumeBench() {
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        Workload workload = Workload.from(options, 1_000_000);
        boolean produceFirst = options.booleanValue("produce", true);
        if (!produceFirst && workload.topic().isEmpty()) {
            throw new IllegalArgumentException("--produce false reads an existing topic: name it with --topic");
        }
        Map<String, Object> consumerConfig = new HashMap<>(Map.of(
                "bootstrap.servers", workload.bootstrap(),
                "max.poll.records", options.intValue("max-poll-records", 500),
                "max.partition.fetch.bytes", options.intValue("fetch-size", 1 << 20),
                "fetch.max.wait.ms", options.intValue("fetch-max-wait-ms", 500),
                "fetch.from.leaders", options.booleanValue("from-leaders", true)));
        consumerConfig.putAll(workload.clientSettings());
        System.err.println("strata consume: " + workload.describe() + ", via " + workload.bootstrap());
        BenchResult result = RunSeries.median(options.intValue("warmup-runs", 0), options.intValue("runs", 1), run -> {
            try (BenchTopic topic = BenchTopic.open(workload, "consume", run)) {
                if (produceFirst) {
                    System.err.println("producing " + workload.records() + " records to read …");
                    ProduceRun.produce(workload, topic.name(), "produce (not timed)");
                }
                return read(workload, topic, consumerConfig);
            }
        });
        System.out.println(result.toJson());
    }

    private static BenchResult read(Workload workload, BenchTopic topic, Map<String, Object> config) {
        AtomicLong records = new AtomicLong();
        long bytes = 0;
        try (Consumer consumer = Consumer.create(config);
             ProgressMeter meter = ProgressMeter.everySecond("consume", records::get, workload.recordSize())) {
            List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(partition -> new TopicPartition(topic.name(), partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long lastRecordNanos = started;
            while (records.get() < workload.records()) {
                List<ConsumerRecord> batch = consumer.poll(POLL_TIMEOUT);
                long now = System.nanoTime();
                if (batch.isEmpty() && now - lastRecordNanos > STALL_NANOS) {
                    throw new IllegalStateException("no records for 30 s after " + records.get() + " of "
                            + workload.records());
                }
                for (ConsumerRecord record : batch) {
                    bytes += record.value() == null ? 0 : record.value().length;
                    bytes += record.key() == null ? 0 : record.key().length;
                }
                if (!batch.isEmpty()) {
                    lastRecordNanos = now;
                    records.addAndGet(batch.size());
                }
            }
            ConsumerMetrics metrics = consumer.metrics();
            System.err.printf("read from the leaders directly: %d of %d fetched bytes (%.0f %%)%n", metrics.bytesFromLeaders(),
                    metrics.bytesConsumed(), 100.0 * metrics.bytesFromLeaders() / Math.max(1, metrics.bytesConsumed()));
            return BenchResult.of(records.get(), bytes, lastRecordNanos - started, null);
        }
    }
}
