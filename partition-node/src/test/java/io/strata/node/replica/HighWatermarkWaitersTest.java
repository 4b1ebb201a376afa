package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HighWatermarkWaitersTest {

    private static final Set<Integer> FULL_ISR = Set.of(1, 2, 3);
    private static final int MIN_ISR = 2;

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Semaphore places = new Semaphore(2);
    private final HighWatermarkWaiters waiters = new HighWatermarkWaiters("t-0", timer, places);

    {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private CompletableFuture<Void> admitAndAwait(long offset, long timeoutMs) {
        waiters.admit(FULL_ISR, MIN_ISR);
        return waiters.await(offset, timeoutMs);
    }

    private static ErrorCode codeOf(CompletableFuture<Void> waiter) {
        return waiter.handle((done, failure) -> failure == null ? null : ((StrataException) failure).code()).join();
    }

    @Test
    void waitersCompleteInOffsetOrderAsTheHighWatermarkPassesThem() {
        CompletableFuture<Void> at10 = admitAndAwait(10, 60_000);
        CompletableFuture<Void> at20 = admitAndAwait(20, 60_000);

        waiters.advanced(15, FULL_ISR, MIN_ISR);
        assertThat(at10).isCompleted();
        assertThat(at20).isNotDone();

        waiters.advanced(20, FULL_ISR, MIN_ISR);
        assertThat(at20).isCompleted();
        assertThat(admitAndAwait(20, 60_000)).isCompleted();
        assertThat(timer.getQueue()).isEmpty();
        assertThat(places.availablePermits()).as("every place given back").isEqualTo(2);
    }

    @Test
    void aHighWatermarkReachedWithTooSmallAnIsrFailsItsWaitersWithNotEnoughReplicasAfterAppend() {
        CompletableFuture<Void> at10 = admitAndAwait(10, 60_000);

        waiters.advanced(10, Set.of(1), MIN_ISR);

        assertThat(codeOf(at10)).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
        assertThat(codeOf(admitAndAwait(10, 60_000))).as("a waiter that finds that high watermark already passed")
                .isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND);
        waiters.advanced(12, FULL_ISR, MIN_ISR);
        assertThat(codeOf(admitAndAwait(12, 60_000))).isNull();
    }

    @Test
    void admissionIsRefusedBeforeTheAppendWhenTheIsrIsTooSmallOrNoPlaceIsFree() {
        assertThatThrownBy(() -> waiters.admit(Set.of(1), MIN_ISR))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.NOT_ENOUGH_REPLICAS));
        CompletableFuture<Void> first = admitAndAwait(10, 60_000);
        waiters.admit(FULL_ISR, MIN_ISR);

        assertThatThrownBy(() -> waiters.admit(FULL_ISR, MIN_ISR))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.THROTTLED));

        waiters.release();
        waiters.admit(FULL_ISR, MIN_ISR);
        waiters.release();
        waiters.advanced(10, FULL_ISR, MIN_ISR);
        assertThat(first).isCompleted();
        assertThat(places.availablePermits()).isEqualTo(2);
    }

    @Test
    void aWaiterTimesOutWithRequestTimedOutAndGivesItsPlaceBack() {
        CompletableFuture<Void> waiter = admitAndAwait(10, 50);

        await().atMost(Duration.ofSeconds(5)).until(waiter::isDone);
        assertThat(codeOf(waiter)).isEqualTo(ErrorCode.REQUEST_TIMED_OUT);
        assertThat(places.availablePermits()).isEqualTo(2);
    }

    @Test
    void steppingDownFailsEveryWaiter() {
        CompletableFuture<Void> waiter = admitAndAwait(10, 60_000);

        waiters.failAll(new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "deposed"));

        assertThat(codeOf(waiter)).isEqualTo(ErrorCode.NOT_LEADER_OR_FOLLOWER);
        assertThat(places.availablePermits()).isEqualTo(2);
    }
}
