package io.strata.cluster;

import io.strata.client.TopicPartition;
import io.strata.client.admin.Admin;
import io.strata.client.admin.OffsetSpec;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;
import io.strata.client.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Records written by the Java client while a test breaks the cluster, and read back afterwards:
 * a thread sends {@code value-<n>} for n = 0, 1, 2 … to partition 0 of a topic as fast as the
 * producer takes them (its buffer.memory paces it), and keeps which were acknowledged where and
 * which failed.
 */
final class ClientTraffic implements Runnable, AutoCloseable {

    private final Producer producer;
    private final String topic;
    private final Map<Integer, RecordMetadata> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, Long> ackNanos = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int sent;

    ClientTraffic(Producer producer, String topic) {
        this.producer = producer;
        this.topic = topic;
        this.thread = new Thread(this, "client-traffic");
    }

    ClientTraffic start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        for (int n = 0; running; n++) {
            int seq = n;
            CompletableFuture<RecordMetadata> future = producer.send(new ProducerRecord(topic, 0, null, value(seq)));
            future.whenComplete((metadata, failure) -> {
                if (failure != null) {
                    failures.add(failure);
                } else {
                    acknowledged.put(seq, metadata);
                    ackNanos.put(seq, System.nanoTime());
                }
            });
            synchronized (futures) {
                futures.add(future);
            }
            sent = n + 1;
        }
    }

    /** Stops sending and waits until every record sent has completed (acknowledged or failed). */
    void stopAndAwait(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
        List<CompletableFuture<RecordMetadata>> all;
        synchronized (futures) {
            all = List.copyOf(futures);
        }
        await().atMost(timeout).until(() -> all.stream().allMatch(CompletableFuture::isDone));
    }

    int sent() {
        return sent;
    }

    Map<Integer, RecordMetadata> acknowledged() {
        return acknowledged;
    }

    Long ackNanos(int seq) {
        return ackNanos.get(seq);
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    static byte[] value(int seq) {
        return ("value-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    static int seqOf(ConsumerRecord record) {
        return Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8).substring("value-".length()));
    }

    /** Every record of partition 0 of {@code topic}, up to its end (high watermark), read with the client's consumer. */
    static List<ConsumerRecord> readAll(String bootstrap, String topic) {
        return readAll(Map.of("bootstrap.servers", bootstrap), topic);
    }

    /** As {@link #readAll(String, String)}, with the clients' connection settings (bootstrap, TLS, credentials). */
    static List<ConsumerRecord> readAll(Map<String, Object> connection, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        long end;
        try (Admin admin = Admin.create(connection)) {
            end = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> admin.listOffsets(List.of(partition), OffsetSpec.latest()).get(partition), offset -> offset >= 0);
        }
        List<ConsumerRecord> records = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(connection);
        config.put("auto.offset.reset", "earliest");
        try (Consumer consumer = Consumer.create(config)) {
            consumer.assign(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                records.addAll(consumer.poll(Duration.ofSeconds(1)));
            }
        }
        return records;
    }

    @Override
    public void close() {
        running = false;
        producer.close(Duration.ofSeconds(5));
    }
}
