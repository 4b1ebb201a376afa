package io.strata.metadata.database;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class InTurnTest {

    @Test
    void aHundredThousandStepsRunInOrderWithoutGrowingTheStack() {
        List<Integer> ran = new ArrayList<>();
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        InTurn.each(items, item -> Uni.createFrom().item(item).invoke(ran::add)).await().atMost(Duration.ofSeconds(30));
        assertThat(ran).isEqualTo(items);
    }

    @Test
    void aStepStartsOnlyOnceThePreviousOneCompleted() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        CompletableFuture<Void> all = InTurn.each(List.of(1, 2, 3), item -> {
            started.add(item);
            CompletableFuture<Void> step = new CompletableFuture<>();
            pending.add(step);
            return Uni.createFrom().completionStage(step);
        }).subscribeAsCompletionStage();
        assertThat(started).containsExactly(1);
        pending.get(0).complete(null);
        assertThat(started).containsExactly(1, 2);
        pending.get(1).complete(null);
        pending.get(2).complete(null);
        assertThat(all).isCompleted();
    }

    @Test
    void aFailedStepFailsTheWholeAndStopsTheRest() {
        List<Integer> ran = new ArrayList<>();
        Throwable failure = catchThrowable(() -> InTurn.each(List.of(1, 2, 3), item -> item == 2
                ? Uni.createFrom().failure(new IllegalStateException("step 2"))
                : Uni.createFrom().item(item).invoke(ran::add)).await().atMost(Duration.ofSeconds(5)));
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("step 2");
        assertThat(ran).containsExactly(1);
    }

    @Test
    void noItemsIsDoneAtOnce() {
        assertThat(InTurn.each(List.<Integer>of(), item -> Uni.createFrom().voidItem()).await().atMost(Duration.ofSeconds(1))).isNull();
    }
}
