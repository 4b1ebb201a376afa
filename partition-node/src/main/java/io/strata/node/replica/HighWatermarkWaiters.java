package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code acks=all} appends of one partition waiting for the high watermark to pass them.
 * A waiter completes when the high watermark reaches its offset, fails with REQUEST_TIMED_OUT at
 * its deadline, or fails with the leadership-loss error when the leader steps down. No thread
 * waits: a waiter is a future, completed by whoever advances the high watermark.
 *
 * <p>Invariant: every waiter is completed exactly once, and its timeout task is cancelled when it
 * completes (the timer must remove cancelled tasks, so that fast acknowledgements do not pile up
 * timeout tasks). Thread-safe (the monitor guards the
 * queue; futures are completed outside it).
 */
public final class HighWatermarkWaiters {

    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private final ScheduledExecutorService timer;
    private long highWatermark;

    public HighWatermarkWaiters(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Completes once the high watermark reaches {@code offset}, or fails after {@code timeoutMs}. */
    public CompletableFuture<Void> await(long offset, long timeoutMs) {
        Waiter waiter = new Waiter(offset, new CompletableFuture<>());
        synchronized (this) {
            if (highWatermark >= offset) {
                return CompletableFuture.completedFuture(null);
            }
            waiting.add(waiter);
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            synchronized (this) {
                waiting.remove(waiter);
            }
            waiter.future().completeExceptionally(new StrataException(ErrorCode.REQUEST_TIMED_OUT,
                    "the in-sync replicas did not all have offset " + (offset - 1) + " within " + timeoutMs + " ms"));
        }, timeoutMs, TimeUnit.MILLISECONDS);
        waiter.future().whenComplete((done, failure) -> timeout.cancel(false));
        return waiter.future();
    }

    /** The high watermark moved to {@code newHighWatermark}: completes every waiter at or below it. */
    public void advanced(long newHighWatermark) {
        PriorityQueue<Waiter> done = new PriorityQueue<>();
        synchronized (this) {
            highWatermark = Math.max(highWatermark, newHighWatermark);
            while (!waiting.isEmpty() && waiting.peek().offset() <= highWatermark) {
                done.add(waiting.poll());
            }
        }
        done.forEach(waiter -> waiter.future().complete(null));
    }

    /** Fails every waiter (the leader stepped down: their records may not survive). */
    public void failAll(StrataException cause) {
        PriorityQueue<Waiter> failed;
        synchronized (this) {
            failed = new PriorityQueue<>(waiting);
            waiting.clear();
        }
        failed.forEach(waiter -> waiter.future().completeExceptionally(cause));
    }

    /** Starts over at a new leader epoch with this high watermark. */
    public synchronized void reset(long newHighWatermark) {
        highWatermark = newHighWatermark;
    }

    private record Waiter(long offset, CompletableFuture<Void> future) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter other) {
            return Long.compare(offset, other.offset);
        }
    }
}
