package io.strata.node.rpc;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The wait of a long-poll fetch (a consumer's or a follower's): until the next change of what it
 * reads, or its deadline, whichever comes first; then it reads again on a worker thread.
 *
 * <p>Why whole milliseconds: under Quarkus, Mutiny's timeouts are Vert.x timers, which refuse a
 * delay under 1 ms with an exception thrown on the subscribing thread, so a fetch whose deadline
 * was a fraction of a millisecond away was never answered, and its caller (a follower: every
 * {@code acks=all} producer behind it) stalled until its own gRPC deadline, 10 s later. A wait of
 * under 1 ms therefore counts as none: the fetch answers with what it has.
 */
final class LongPoll {

    private LongPoll() {
    }

    /** Whole milliseconds left until {@code deadlineNanos} ({@link System#nanoTime()}); below 1 means answer now. */
    static long remainingMs(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    /**
     * Completes on a worker thread at {@code change} or after {@code waitMs} (at least 1), whichever
     * is first; then {@code change} is cancelled, so that a wait that timed out leaves nothing
     * behind in its replica ({@link io.strata.node.replica.ChangeWaiters}).
     */
    static Uni<Void> changeOrTimeout(CompletableFuture<Void> change, long waitMs) {
        if (waitMs < 1) {
            change.cancel(false);
            throw new IllegalArgumentException("a long-poll wait must be at least 1 ms, got " + waitMs);
        }
        return Uni.createFrom().completionStage(change).replaceWithVoid()
                .ifNoItem().after(Duration.ofMillis(waitMs)).recoverWithItem((Void) null)
                .onTermination().invoke(() -> change.cancel(false))
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }
}
