package io.strata.metadata.database;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.function.Function;

/**
 * Steps run one after the other, for any number of items: what a Hibernate Reactive session needs
 * (it runs one query at a time) when a transaction touches many rows one query each.
 *
 * <p>Why not one stage chained per item onto a Uni: that nests the stages as deep as there are
 * items, and a nest of 10,000 (a reassignment or a preferred election of 10,000 partitions) never
 * completed, leaving its transaction open with the metadata lock held, so every later metadata
 * write waited behind it. Here Mutiny's concatenation subscribes to each step when the one before
 * has completed and drains iteratively, so the depth of the stack does not grow with the items.
 *
 * <p>A step's failure fails the whole and no later step runs. Stateless.
 */
public final class InTurn {

    private InTurn() {
    }

    /** Runs {@code step} for each item in order, each once the previous one's Uni has completed. */
    public static <T> Uni<Void> each(Iterable<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).replaceWith(Boolean.TRUE))
                .collect().last()
                .replaceWithVoid();
    }
}
