package io.strata.kafka.admin;

import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How the admin handlers turn one call per topic or resource into per-item answers: a call that
 * throws instead of failing its stage is still one item's failure, and the whole request completes
 * once every item has, never failing because one item did. Stateless.
 */
final class Outcomes {

    private Outcomes() {
    }

    /** The stage of {@code call}, or a failed stage when {@code call} throws. */
    static <T> CompletionStage<T> attempt(Supplier<? extends CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes with every stage's value, in order, once all have completed. */
    static <T> CompletionStage<List<T>> all(List<? extends CompletionStage<T>> stages) {
        List<CompletableFuture<T>> futures = new ArrayList<>(stages.size());
        stages.forEach(stage -> futures.add(stage.toCompletableFuture()));
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<T> values = new ArrayList<>(futures.size());
            futures.forEach(future -> values.add(future.join()));
            return values;
        });
    }

    /**
     * The keys that occur more than once among {@code items} (null keys are skipped): Kafka refuses
     * every entry of a topic or resource named twice in one request rather than pick one.
     */
    static <T, K> Set<K> duplicates(Iterable<T> items, Function<T, K> key) {
        Set<K> seen = new HashSet<>();
        Set<K> duplicated = new HashSet<>();
        for (T item : items) {
            K k = key.apply(item);
            if (k != null && !seen.add(k)) {
                duplicated.add(k);
            }
        }
        return duplicated;
    }

    /** One item's error: the Kafka code from {@link KafkaErrors} and the failure's message. */
    record Failure(Errors error, String message) {

        static Failure of(Throwable failure) {
            return new Failure(KafkaErrors.of(failure), KafkaErrors.message(failure));
        }

        short code() {
            return error.code();
        }
    }
}
