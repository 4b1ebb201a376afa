package io.strata.bench.chaos;

import io.strata.client.producer.Producer;
import io.strata.client.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One idempotent Java-client writer ({@code enable.idempotence=true}, {@code acks=all}): sends
 * {@code j<id>-<n>} for n = 0, 1, 2 … at the workload's rate, each to the partition the workload
 * names, and records each acknowledgement (by value) or failure in the {@link History}.
 *
 * <p>Thread-safety: one sending thread; the producer's callbacks only record into the history.
 * At most {@value #MAX_IN_FLIGHT} records are sent and not yet completed.
 */
final class ClientWriter implements Runnable {

    /** Records sent and not yet acknowledged or failed, at most. */
    static final int MAX_IN_FLIGHT = 1_000;
    /** How long the producer keeps retrying one record: longer than any single fault. */
    static final int DELIVERY_TIMEOUT_MS = 180_000;

    private final int id;
    private final Workload workload;
    private final History history;
    private final Producer producer;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread thread;
    private volatile boolean running = true;

    ClientWriter(int id, String bootstrap, Workload workload, History history) {
        this.id = id;
        this.workload = workload;
        this.history = history;
        this.producer = Producer.create(Map.of("bootstrap.servers", bootstrap, "acks", "all",
                "enable.idempotence", "true", "linger.ms", 5, "request.timeout.ms", 10_000,
                "delivery.timeout.ms", DELIVERY_TIMEOUT_MS, "retry.backoff.max.ms", 1_000));
        this.thread = new Thread(this, "chaos-client-writer-" + id);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, workload.recordsPerSec());
        for (long n = 0; running; n++) {
            LockSupport.parkNanos(start + n * intervalNanos - System.nanoTime());
            try {
                if (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
                    n--;
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            Workload.Target target = workload.target(id, n);
            String value = "j" + id + "-" + n;
            history.sent(1);
            try {
                producer.send(new ProducerRecord(target.topic(), target.partition(), null,
                                value.getBytes(StandardCharsets.UTF_8)))
                        .whenComplete((metadata, failure) -> {
                            if (failure == null) {
                                history.acknowledged(value, metadata.topic(), metadata.partition(), metadata.offset());
                            } else {
                                history.failed(1);
                            }
                            inFlight.release();
                        });
            } catch (RuntimeException e) {
                history.failed(1);
                inFlight.release();
            }
        }
    }

    /** Stops sending and waits (at most {@code timeout}) until every record sent has completed. */
    void stopAndDrain(Duration timeout) throws InterruptedException {
        running = false;
        thread.join(timeout.toMillis());
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.printf("chaos: client writer %d: %d records still in flight after %s%n", id,
                    MAX_IN_FLIGHT - inFlight.availablePermits(), timeout);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
