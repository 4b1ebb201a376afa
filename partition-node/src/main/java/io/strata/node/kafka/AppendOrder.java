package io.strata.node.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the writes to one partition on the worker pool one after another, in the order they were
 * submitted, while writes to different partitions run in parallel.
 *
 * <p>Why: a Kafka producer pipelines requests on one connection (up to
 * {@code max.in.flight.requests.per.connection}, and without waiting at all with acks=0), and the
 * listener submits their appends in arrival order; a plain worker pool would run them in any order,
 * so a later batch could reach the log first (reordered records with acks=0; an idempotent
 * producer's batches refused OUT_OF_ORDER_SEQUENCE_NUMBER and retried). Invariant: for one key,
 * task n+1 starts only after task n has ended (normally or not), and tasks start in submission
 * order. Thread-safe; the map holds a key only while it has a task queued or running.
 */
final class AppendOrder<K> {

    private final Executor executor;
    private final Map<K, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    AppendOrder(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code task} on the executor after every task submitted earlier for {@code key}. */
    <T> CompletableFuture<T> submit(K key, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> previous = tails.put(key, result);
        Runnable run = () -> {
            try {
                result.complete(task.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            } finally {
                tails.remove(key, result);
            }
        };
        if (previous == null) {
            executor.execute(run);
        } else {
            previous.whenComplete((ignored, failure) -> executor.execute(run));
        }
        return result;
    }
}
