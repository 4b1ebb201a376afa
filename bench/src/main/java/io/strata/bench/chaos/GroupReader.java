package io.strata.bench.chaos;

import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One member of the run's consumer group: subscribes to the run's topics, polls, and commits its
 * positions every {@value #COMMIT_INTERVAL_MS} ms (manual commits, so the commit is part of the
 * workload the faults hit). A consumer that fails is closed and created again after a backoff, as
 * an application would.
 *
 * <p>Thread-safety: the consumer is used by this reader's one thread only.
 */
final class GroupReader implements Runnable {

    static final String GROUP = "chaos-readers";
    static final long COMMIT_INTERVAL_MS = 1_000;
    /** Wait before a failed consumer is created again. */
    static final long RECREATE_BACKOFF_MS = 1_000;

    private final int id;
    private final String bootstrap;
    private final List<String> topics;
    private final History history;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int failures;

    GroupReader(int id, String bootstrap, List<String> topics, History history) {
        this.id = id;
        this.bootstrap = bootstrap;
        this.topics = List.copyOf(topics);
        this.history = history;
        this.thread = new Thread(this, "chaos-group-reader-" + id);
    }

    void start() {
        thread.start();
    }

    int failures() {
        return failures;
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap, "group.id", GROUP,
                    "auto.offset.reset", "earliest", "enable.auto.commit", "false", "max.poll.records", 1_000))) {
                consumer.subscribe(topics);
                long lastCommit = System.nanoTime();
                while (running) {
                    List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(500));
                    history.consumed(records.size());
                    if (System.nanoTime() - lastCommit > TimeUnit.MILLISECONDS.toNanos(COMMIT_INTERVAL_MS)) {
                        consumer.commitSync();
                        lastCommit = System.nanoTime();
                    }
                }
            } catch (RuntimeException e) {
                failures++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECREATE_BACKOFF_MS));
            }
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
