package io.strata.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyed load through a Kafka producer (the caller's: acks=all and idempotent in the tests that use
 * it) on a thread of its own, up to {@value #IN_FLIGHT} sends in flight: values {@code v-0, v-1, …}
 * with keys {@code k-(i mod keys)}, to one partition or by key. It remembers where each value was
 * acknowledged and every send error, and {@link #checkLog} reads the topic back: every acknowledged
 * value once, where it was acknowledged, each key's values in the order sent. {@link #acks()} and
 * {@link #errors()} may be read from any thread.
 */
final class KeyedAcksAllLoad {

    static final int IN_FLIGHT = 500;

    private final ConcurrentMap<String, String> acked = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> errors = new ConcurrentHashMap<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    private KeyedAcksAllLoad(KafkaProducer<String, String> producer, String topic, Integer partition, int keys) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        i--;
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                String value = "v-" + i;
                producer.send(new ProducerRecord<>(topic, partition, "k-" + (i % keys), value), (meta, exception) -> {
                    inFlight.release();
                    if (exception != null) {
                        errors.merge(exception.getClass().getSimpleName() + ": " + exception.getMessage(), 1, Integer::sum);
                    } else if (acked.put(value, meta.partition() + "@" + meta.offset()) != null) {
                        errors.merge("acknowledged twice: " + value, 1, Integer::sum);
                    } else {
                        acks.incrementAndGet();
                    }
                });
            }
        }, "keyed-load-" + topic);
        thread.setDaemon(true);
    }

    /** Starts writing to {@code partition} of {@code topic}, or (null) to the partition of each key. */
    static KeyedAcksAllLoad start(KafkaProducer<String, String> producer, String topic, Integer partition, int keys) {
        KeyedAcksAllLoad load = new KeyedAcksAllLoad(producer, topic, partition, keys);
        load.thread.start();
        return load;
    }

    int acks() {
        return acks.get();
    }

    /** Send errors by message, with their counts (a value acknowledged twice is one too). */
    Map<String, Integer> errors() {
        return errors;
    }

    /** Stops sending; the caller flushes the producer before {@link #checkLog}. */
    void stop() throws InterruptedException {
        stop.set(true);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** Reads {@code topic} back and asserts no acknowledged value lost, moved or doubled, and per-key order. */
    void checkLog(String bootstrap, String topic, String label) {
        Map<Integer, List<ConsumerRecord<String, String>>> log = KafkaTestClients.readAll(bootstrap, topic, acked.size());
        Map<String, String> found = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        Map<String, Integer> lastPerKey = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        log.values().forEach(records -> records.forEach(record -> {
            if (found.put(record.value(), record.partition() + "@" + record.offset()) != null) {
                duplicates.add(record.value());
            }
            int sequence = Integer.parseInt(record.value().substring(2));
            Integer previous = lastPerKey.put(record.key(), sequence);
            if (previous != null && previous >= sequence) {
                outOfOrder.add(record.key() + ": " + previous + " then " + sequence);
            }
        }));
        List<String> lost = new ArrayList<>();
        acked.forEach((value, where) -> {
            if (!where.equals(found.get(value))) {
                lost.add(value + " acknowledged at " + where + ", in the log at " + found.get(value));
            }
        });
        assertThat(duplicates).as("values written twice").isEmpty();
        assertThat(lost).as("acknowledged records missing or moved").isEmpty();
        assertThat(outOfOrder).as("per-key order").isEmpty();
        System.out.printf("%s: %d records in the log, %d acknowledged, none lost or doubled, per-key order kept%n",
                label, found.size(), acked.size());
    }
}
