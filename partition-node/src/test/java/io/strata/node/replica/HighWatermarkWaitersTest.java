package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HighWatermarkWaitersTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final HighWatermarkWaiters waiters = new HighWatermarkWaiters(timer);

    {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void waitersCompleteInOffsetOrderAsTheHighWatermarkPassesThem() {
        CompletableFuture<Void> at10 = waiters.await(10, 60_000);
        CompletableFuture<Void> at20 = waiters.await(20, 60_000);

        waiters.advanced(15);
        assertThat(at10).isCompleted();
        assertThat(at20).isNotDone();

        waiters.advanced(20);
        assertThat(at20).isCompleted();
        assertThat(waiters.await(20, 60_000)).isCompleted();
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void aWaiterTimesOutWithRequestTimedOut() {
        CompletableFuture<Void> waiter = waiters.await(10, 50);

        await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
        assertThat(waiter).isCompletedExceptionally();
        assertThat(waiter.handle((done, failure) -> ((StrataException) failure).code()).join())
                .isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
    }

    @Test
    void steppingDownFailsEveryWaiter() {
        CompletableFuture<Void> waiter = waiters.await(10, 60_000);

        waiters.failAll(new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "deposed"));

        assertThat(waiter.handle((done, failure) -> ((StrataException) failure).code()).join())
                .isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    }
}
