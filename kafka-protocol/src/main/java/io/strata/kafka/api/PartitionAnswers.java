package io.strata.kafka.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The per-partition answers of one request that fans out to many partitions, each computed
 * asynchronously: each answer goes into its topic's collection in the response, in the order the
 * request named the partitions, once all are in.
 *
 * <p>Kafka's generated response collections are not thread-safe and the partitions complete on any
 * thread, so nothing is added to the response until every answer is in, and then all on one
 * thread. Used by one request's handler on one thread until {@link #into} is called.
 *
 * @param <T> the response's per-partition answer type
 */
public final class PartitionAnswers<T> {

    private record Pending<T>(Collection<T> topicAnswers, CompletableFuture<T> answer) {
    }

    private final List<Pending<T>> pending = new ArrayList<>();

    /** Adds the answer of one partition, to go into {@code topicAnswers} (its topic's collection in the response). */
    public void add(Collection<T> topicAnswers, CompletionStage<T> answer) {
        pending.add(new Pending<>(topicAnswers, answer.toCompletableFuture()));
    }

    /** Completes with {@code response} once every answer is in it. The answers never fail: each carries its error code. */
    public <R> CompletionStage<R> into(R response) {
        return CompletableFuture.allOf(pending.stream().map(Pending::answer).toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    pending.forEach(p -> p.topicAnswers().add(p.answer().join()));
                    return response;
                });
    }
}
