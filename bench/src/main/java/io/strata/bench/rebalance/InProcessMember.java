package io.strata.bench.rebalance;

import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.WakeupException;
import io.strata.client.group.RebalanceListener;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One member of the benchmark's group in this JVM: a {@link Consumer} subscribed to the topic,
 * polled by a thread of its own (rebalance callbacks run inside poll), reporting what it owns to
 * the {@link OwnershipBoard}. {@link #close} leaves the group as an application would.
 *
 * <p>The consumer is used only by the member's thread, apart from {@code wakeup}, which the client
 * allows from any thread.
 */
final class InProcessMember implements AutoCloseable {

    private final String name;
    private final Consumer consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    InProcessMember(String name, Map<String, Object> config, String topic, OwnershipBoard board) {
        this.name = name;
        this.consumer = Consumer.create(config);
        this.thread = new Thread(() -> pollUntilClosed(topic, board), "rebalance-bench-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    String name() {
        return name;
    }

    private void pollUntilClosed(String topic, OwnershipBoard board) {
        consumer.subscribe(List.of(topic), new RebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                board.revoked(name, partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                board.assigned(name, partitions);
            }
        });
        try {
            while (!closing) {
                consumer.poll(Duration.ofMillis(100));
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
            board.forget(name);
        }
    }

    /** The error that stopped the member's polling, if one did. */
    RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(60_000);
    }
}
