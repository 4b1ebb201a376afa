package io.strata.bench.client;

import io.strata.bench.BenchOptions;
import io.strata.bench.report.BenchResult;
import io.strata.bench.report.Latencies;
import io.strata.bench.report.ProgressMeter;
import io.strata.bench.report.RunSeries;
import io.strata.bench.workload.Workload;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./strata bench e2e}: end-to-end latency, as Kafka's {@code EndToEndLatency} measures it.
 * One record at a time: send it to partition 0 and wait for the acknowledgement, then poll until
 * that very record arrives; the latency is from before the send to its arrival. Unlike Kafka's
 * tool, which polls with {@code fetch.max.wait.ms=0}, the consumer long-polls (the leader answers
 * a waiting fetch as soon as the record is appended; {@code --fetch-max-wait-ms}). linger.ms is 0
 * unless given. Rate: records over the loop's time.
 */
public final class EndToEndBench {

    public static final List<String> OPTIONS;
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    static {
        List<String> options = new ArrayList<>(Workload.OPTIONS);
        options.remove("producers");
        options.addAll(List.of("runs", "warmup-runs", "fetch-max-wait-ms"));
        OPTIONS = List.copyOf(options);
    }

    private EndToEndBench() {
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        Workload given = Workload.from(options, 10_000);
        // One record at a time: lingering would only add to every record's latency (Kafka's tool uses 0 too).
        Workload e2e = options.has("linger-ms") ? given : given.withLingerMs(0);
        int fetchMaxWaitMs = options.intValue("fetch-max-wait-ms", 500);
        System.err.println("strata e2e: " + e2e.describe() + ", via " + e2e.bootstrap());
        BenchResult result = RunSeries.median(options.intValue("warmup-runs", 0), options.intValue("runs", 1), run -> {
            try (BenchTopic topic = BenchTopic.open(e2e, "e2e", run)) {
                return roundTrips(e2e, topic.name(), fetchMaxWaitMs);
            }
        });
        System.out.println(result.toJson());
    }

    private static BenchResult roundTrips(Workload workload, String topic, int fetchMaxWaitMs)
            throws InterruptedException, ExecutionException {
        Map<String, Object> producerConfig = new HashMap<>(workload.producerConfig());
        producerConfig.put("bootstrap.servers", workload.bootstrap());
        producerConfig.putAll(workload.clientSettings());
        Map<String, Object> consumerConfig = new HashMap<>(Map.of("bootstrap.servers", workload.bootstrap(),
                "fetch.max.wait.ms", fetchMaxWaitMs, "auto.offset.reset", "latest"));
        consumerConfig.putAll(workload.clientSettings());
        TopicPartition partition = new TopicPartition(topic, 0);
        Latencies latencies = new Latencies(Math.toIntExact(workload.records()));
        Latencies acknowledgements = new Latencies(Math.toIntExact(workload.records()));
        AtomicLong done = new AtomicLong();
        byte[] value = new byte[workload.recordSize()];
        new Random().nextBytes(value);
        try (Producer producer = Producer.create(producerConfig);
             Consumer consumer = Consumer.create(consumerConfig);
             ProgressMeter meter = ProgressMeter.everySecond("e2e", done::get, workload.recordSize())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long started = System.nanoTime();
            for (long i = 0; i < workload.records(); i++) {
                byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(i).array();
                long sent = System.nanoTime();
                producer.send(new ProducerRecord(topic, 0, key, value)).get();
                acknowledgements.record(System.nanoTime() - sent);
                awaitRecord(consumer, i);
                latencies.record(System.nanoTime() - sent);
                done.incrementAndGet();
            }
            long elapsed = System.nanoTime() - started;
            // Where the time goes: the producer's acknowledgement, then the consumer's fetch.
            System.err.println("e2e: of which send → acknowledgement " + acknowledgements.percentiles().describe());
            return BenchResult.of(workload.records(), workload.payloadBytes(), elapsed, latencies.percentiles());
        }
    }

    /** Polls until the record keyed {@code sequence} arrives; anything else arriving is a bug of the bench or the system. */
    private static void awaitRecord(Consumer consumer, long sequence) {
        long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord> records = consumer.poll(POLL_TIMEOUT);
            for (ConsumerRecord record : records) {
                long got = ByteBuffer.wrap(record.key()).getLong();
                if (got != sequence) {
                    throw new IllegalStateException("expected record " + sequence + ", got " + got);
                }
                return;
            }
        }
        throw new IllegalStateException("record " + sequence + " did not arrive within " + POLL_TIMEOUT);
    }
}
