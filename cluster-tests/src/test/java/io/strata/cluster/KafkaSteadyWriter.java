package io.strata.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes {@code <prefix>-0}, {@code <prefix>-1}, … to a topic with a Kafka producer, on a thread of
 * its own until closed, each send acknowledged before the next, so records keep arriving through
 * whatever the test does meanwhile and the count of acknowledged records is exact. A failure stops
 * it and is kept for {@link #failure()}. {@link #produced()} and {@link #failure()} may be read from
 * any thread.
 */
final class KafkaSteadyWriter implements AutoCloseable {

    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final long waitSeconds;
    private volatile boolean running = true;

    private KafkaSteadyWriter(KafkaProducer<String, String> producer, String topic, String prefix, long waitSeconds) {
        this.waitSeconds = waitSeconds;
        thread = new Thread(() -> {
            try {
                for (int i = 0; running; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, prefix + "-" + i)).get(waitSeconds, TimeUnit.SECONDS);
                    produced.set(i + 1);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "steady-writer-" + prefix);
        thread.setDaemon(true);
    }

    /** Starts writing; each send may take up to {@code waitSeconds} to be acknowledged. */
    static KafkaSteadyWriter start(KafkaProducer<String, String> producer, String topic, String prefix, long waitSeconds) {
        KafkaSteadyWriter writer = new KafkaSteadyWriter(producer, topic, prefix, waitSeconds);
        writer.thread.start();
        return writer;
    }

    /** Records acknowledged so far: exactly {@code <prefix>-0} … {@code <prefix>-(produced − 1)}. */
    int produced() {
        return produced.get();
    }

    /** Why writing stopped before {@link #close()}, or null. */
    Throwable failure() {
        return failure.get();
    }

    /** Stops after the send in progress is acknowledged (or fails). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(waitSeconds));
    }
}
