package io.strata.gateway.produce;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class ByteBudgetTest {

    @Test
    void takersWaitInOrderUntilBytesAreGivenBack() {
        ByteBudget budget = new ByteBudget(100);
        assertThat(budget.take(70).join()).isEqualTo(70);
        CompletableFuture<Long> second = budget.take(50);
        CompletableFuture<Long> third = budget.take(10);
        assertThat(second).isNotDone();
        assertThat(third).as("FIFO: a small taker does not overtake a waiting large one").isNotDone();
        budget.giveBack(70);
        assertThat(second.join()).isEqualTo(50);
        assertThat(third.join()).isEqualTo(10);
        assertThat(budget.taken()).isEqualTo(60);
    }

    @Test
    void aRequestLargerThanTheBudgetIsChargedTheWholeBudget() {
        ByteBudget budget = new ByteBudget(100);
        assertThat(budget.take(1000).join()).isEqualTo(100);
        CompletableFuture<Long> next = budget.take(1);
        assertThat(next).isNotDone();
        budget.giveBack(100);
        assertThat(next).isDone();
    }

    @Test
    void aCancelledWaitIsNotGrantedLater() {
        ByteBudget budget = new ByteBudget(10);
        budget.take(10).join();
        CompletableFuture<Long> waiting = budget.take(5);
        assertThat(budget.cancel(waiting)).isTrue();
        budget.giveBack(10);
        assertThat(budget.taken()).isZero();
        assertThat(budget.cancel(budget.take(5))).as("already granted").isFalse();
    }
}
