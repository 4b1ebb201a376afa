package io.strata.bench.client;

import io.strata.bench.report.BenchResult;
import io.strata.bench.report.Latencies;
import io.strata.bench.report.ProgressMeter;
import io.strata.bench.workload.Workload;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a workload's records to a topic as fast as the producers take them, as
 * {@code kafka-producer-perf-test} does: {@code --producers} threads, each with its own
 * {@link Producer} and one random value sent over and over, no key (the producer's sticky
 * partitioner spreads the records). Each record's latency runs from the {@code send} call (which
 * blocks while {@code buffer.memory} is full) to the completion of its future; the run's time from
 * the first send to the last completion.
 */
final class ProduceRun {

    private static final long COMPLETION_TIMEOUT_NANOS = 300_000_000_000L;

    private final Workload workload;
    private final String topic;
    private final Latencies latencies;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong lastCompletionNanos = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    private ProduceRun(Workload workload, String topic) {
        this.workload = workload;
        this.topic = topic;
        this.latencies = new Latencies(Math.toIntExact(workload.records()));
    }

    /** Produces the workload to {@code topic} and returns its figures; progress lines say {@code label}. */
    static BenchResult produce(Workload workload, String topic, String label) throws InterruptedException {
        return new ProduceRun(workload, topic).run(label);
    }

    private BenchResult run(String label) throws InterruptedException {
        // Producers are made before the clock starts, as kafka-producer-perf-test makes its one.
        List<Producer> producers = new ArrayList<>();
        try {
            for (int i = 0; i < workload.producers(); i++) {
                producers.add(Producer.create(config()));
            }
            long started = System.nanoTime();
            try (ProgressMeter meter = ProgressMeter.everySecond(label, completed::get, workload.recordSize())) {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < producers.size(); i++) {
                    Producer producer = producers.get(i);
                    long share = workload.recordsOfProducer(i);
                    Thread thread = new Thread(() -> sendAll(producer, share), "producer-" + i);
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                awaitCompletions();
            }
            Throwable error = firstError.get();
            if (error != null) {
                throw new IllegalStateException("a send failed: " + error, error);
            }
            return BenchResult.of(workload.records(), workload.payloadBytes(), lastCompletionNanos.get() - started,
                    latencies.percentiles());
        } finally {
            producers.forEach(Producer::close);
        }
    }

    private void sendAll(Producer producer, long records) {
        byte[] value = new byte[workload.recordSize()];
        new Random().nextBytes(value);
        try {
            for (long i = 0; i < records && firstError.get() == null; i++) {
                long sentNanos = System.nanoTime();
                producer.send(new ProducerRecord(topic, null, value)).whenComplete((metadata, error) -> {
                    long now = System.nanoTime();
                    if (error != null) {
                        firstError.compareAndSet(null, error);
                    } else {
                        latencies.record(now - sentNanos);
                    }
                    lastCompletionNanos.accumulateAndGet(now, Math::max);
                    completed.incrementAndGet();
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(workload.producerConfig());
        config.put("bootstrap.servers", workload.bootstrap());
        config.putAll(workload.clientSettings());
        return config;
    }

    /** flush() returns once every record is acknowledged; their callbacks may still be running. */
    private void awaitCompletions() throws InterruptedException {
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT_NANOS;
        while (completed.get() < workload.records() && firstError.get() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + completed.get() + " of " + workload.records()
                        + " sends completed");
            }
            Thread.sleep(1);
        }
    }
}
