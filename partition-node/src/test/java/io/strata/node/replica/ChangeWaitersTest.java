package io.strata.node.replica;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeWaitersTest {

    @Test
    void aSignalCompletesEveryWaitTakenBeforeItAndNoneAfter() {
        ChangeWaiters waiters = new ChangeWaiters();
        CompletableFuture<Void> first = waiters.next();
        CompletableFuture<Void> second = waiters.next();
        waiters.signal();
        CompletableFuture<Void> later = waiters.next();

        assertThat(first).isCompletedWithValue(null);
        assertThat(second).isCompletedWithValue(null);
        assertThat(later).isNotDone();
        assertThat(waiters.size()).isEqualTo(1);
    }

    @Test
    void aWaitThatGivesUpLeavesAtOnceAndDoesNotTouchTheOthers() {
        ChangeWaiters waiters = new ChangeWaiters();
        CompletableFuture<Void> cancelled = waiters.next();
        CompletableFuture<Void> timedOut = waiters.next();
        CompletableFuture<Void> waiting = waiters.next();

        cancelled.cancel(false);
        timedOut.complete(null);

        assertThat(waiters.size()).isEqualTo(1);
        waiters.signal();
        assertThat(waiting).isCompletedWithValue(null);
        assertThat(waiters.size()).isZero();
    }

    @Test
    void anyCompletesAtTheFirstChangeAndReleasesTheOtherReplicasWaits() {
        ChangeWaiters a = new ChangeWaiters();
        ChangeWaiters b = new ChangeWaiters();
        CompletableFuture<Void> any = ChangeWaiters.any(List.of(a.next(), b.next()));

        b.signal();

        assertThat(any).isCompletedWithValue(null);
        assertThat(a.size()).as("the wait on the replica that did not change").isZero();
    }

    @Test
    void cancellingAnyReleasesEveryWait() {
        ChangeWaiters a = new ChangeWaiters();
        ChangeWaiters b = new ChangeWaiters();
        CompletableFuture<Void> any = ChangeWaiters.any(List.of(a.next(), b.next()));

        any.cancel(false);

        assertThat(a.size()).isZero();
        assertThat(b.size()).isZero();
    }

    /**
     * The guarantee long polls rely on, under threads: a waiter that takes its wait, then reads the
     * writer's counter and finds nothing new, is woken by the writer's next signal — never left
     * waiting for a change that happened. Each round, a writer bumps the counter and signals while
     * readers take a wait, look, and wait (bounded) only if they saw nothing new; a missed wake-up
     * is a reader whose wait is still pending after the writer's signal.
     */
    @Test
    void noWakeUpIsMissedUnderConcurrentTakesAndSignals() throws Exception {
        Random random = new Random(42);
        ChangeWaiters waiters = new ChangeWaiters();
        AtomicLong written = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 2_000; round++) {
                long before = written.get();
                int readers = 1 + random.nextInt(3);
                CountDownLatch looked = new CountDownLatch(readers);
                List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    CompletableFuture<Boolean> outcome = new CompletableFuture<>();
                    outcomes.add(outcome);
                    pool.execute(() -> {
                        CompletableFuture<Void> wait = waiters.next();
                        boolean sawNew = written.get() != before;
                        looked.countDown();
                        if (sawNew) {
                            wait.cancel(false);
                            outcome.complete(true);
                        } else {
                            wait.whenComplete((v, e) -> outcome.complete(!wait.isCancelled()));
                        }
                    });
                }
                if (random.nextBoolean()) {
                    Thread.onSpinWait();
                }
                written.incrementAndGet();
                waiters.signal();
                looked.await(10, TimeUnit.SECONDS);
                waiters.signal(); // a reader that looked after the first signal saw the new value; this one only flushes
                for (CompletableFuture<Boolean> outcome : outcomes) {
                    assertThat(outcome.get(10, TimeUnit.SECONDS)).isTrue();
                }
            }
            assertThat(waiters.size()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
