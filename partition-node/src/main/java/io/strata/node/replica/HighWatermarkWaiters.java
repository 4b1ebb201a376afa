package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The {@code acks=all} promise of one partition's leader, kept in one place: admission before the
 * append, the wait, and the verdict at completion.
 * <ul>
 *   <li>{@link #admit} refuses an append before anything is written: NOT_ENOUGH_REPLICAS when the
 *       ISR is smaller than {@code min.insync.replicas}, THROTTLED when the node's waiter places
 *       ({@code strata.node.max-ack-waiters}, one {@link Semaphore} shared by every replica of the
 *       node) are all taken. A refusal after the append would answer an error for records that
 *       are in the log and may reach consumers.</li>
 *   <li>A waiter completes when the high watermark reaches its offset: successfully only if the
 *       ISR still had at least {@code min.insync.replicas} members when that high watermark was
 *       computed (Kafka's {@code Partition.checkEnoughReplicasReachOffset}), else with
 *       NOT_ENOUGH_REPLICAS_AFTER_APPEND — an ISR that shrank to the leader alone advances the
 *       high watermark to the leader's log end, and without this check would acknowledge records
 *       only one replica holds. It fails with REQUEST_TIMED_OUT at its deadline, or with the
 *       leadership-loss error when the leader steps down.</li>
 * </ul>
 * Each verdict is a fact that was true at one instant (this high watermark with this ISR), and
 * stays true: records below the high watermark are on every replica that was then in the ISR. So
 * verdicts may arrive out of order from several threads; the newest high watermark's is kept.
 *
 * <p>Invariants: every admitted append takes one place, and gives it back exactly once (its
 * waiter completes, or {@link #release} when it was not written); every waiter is completed exactly
 * once, and its timeout task is cancelled when it completes (the timer must remove cancelled
 * tasks, so that fast acknowledgements do not pile up timeout tasks). No thread waits: a waiter is
 * a future, completed by whoever advances the high watermark.
 *
 * <p>Thread-safe: the monitor guards the queue and the verdict; futures are completed outside it.
 */
public final class HighWatermarkWaiters {

    private final String partition;
    private final PriorityQueue<Waiter> waiting = new PriorityQueue<>();
    private final ScheduledExecutorService timer;
    private final Semaphore places;
    private long highWatermark;
    /** Why waiters at or below {@link #highWatermark} fail, or null when they succeed. */
    private StrataException verdict;

    /**
     * @param places the node's waiter places, shared by all its replicas
     *               ({@code strata.node.max-ack-waiters})
     */
    public HighWatermarkWaiters(String partition, ScheduledExecutorService timer, Semaphore places) {
        this.partition = partition;
        this.timer = timer;
        this.places = places;
    }

    /**
     * Admits an acks=all append before it is written, and takes a place for its waiter; the caller
     * then either {@link #await}s or {@link #release}s it.
     *
     * @throws StrataException NOT_ENOUGH_REPLICAS or THROTTLED (both retriable), nothing taken
     */
    public void admit(Set<Integer> isr, int minInsyncReplicas) {
        if (isr.size() < minInsyncReplicas) {
            throw new StrataException(ErrorCode.NOT_ENOUGH_REPLICAS, "partition " + partition + " has " + isr.size()
                    + " in-sync replicas " + isr + ", fewer than min.insync.replicas " + minInsyncReplicas);
        }
        if (!places.tryAcquire()) {
            throw new StrataException(ErrorCode.THROTTLED, "this node already has strata.node.max-ack-waiters acks=all"
                    + " appends waiting for their replicas; " + partition + " takes no more until some are answered");
        }
    }

    /** The admitted append was not written (refused by the log): gives its place back. */
    public void release() {
        places.release();
    }

    /**
     * Completes once the high watermark reaches {@code offset} (with that high watermark's
     * verdict), or fails after {@code timeoutMs}. Uses the place {@link #admit} took.
     */
    public CompletableFuture<Void> await(long offset, long timeoutMs) {
        Waiter waiter = new Waiter(offset, new CompletableFuture<>());
        waiter.future().whenComplete((done, failure) -> places.release());
        boolean passed;
        StrataException verdictNow;
        synchronized (this) {
            passed = highWatermark >= offset;
            verdictNow = verdict;
            if (!passed) {
                waiting.add(waiter);
            }
        }
        if (passed) {
            complete(waiter, verdictNow);
            return waiter.future();
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            synchronized (this) {
                waiting.remove(waiter);
            }
            waiter.future().completeExceptionally(new StrataException(ErrorCode.REQUEST_TIMED_OUT,
                    "the in-sync replicas of " + partition + " did not all have offset " + (offset - 1) + " within "
                            + timeoutMs + " ms"));
        }, timeoutMs, TimeUnit.MILLISECONDS);
        waiter.future().whenComplete((done, failure) -> timeout.cancel(false));
        return waiter.future();
    }

    /**
     * The high watermark was {@code newHighWatermark} while the ISR was {@code isr}: completes
     * every waiter at or below it, successfully only if the ISR had {@code minInsyncReplicas}.
     */
    public void advanced(long newHighWatermark, Set<Integer> isr, int minInsyncReplicas) {
        List<Waiter> done = new ArrayList<>();
        StrataException failure;
        synchronized (this) {
            if (newHighWatermark >= highWatermark) {
                highWatermark = newHighWatermark;
                verdict = isr.size() >= minInsyncReplicas ? null : new StrataException(
                        ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, "the records of " + partition + " were written, but the"
                        + " ISR " + isr + " had fewer than min.insync.replicas " + minInsyncReplicas + " members when the"
                        + " high watermark passed them (" + newHighWatermark + ")");
            }
            while (!waiting.isEmpty() && waiting.peek().offset() <= highWatermark) {
                done.add(waiting.poll());
            }
            failure = verdict;
        }
        done.forEach(waiter -> complete(waiter, failure));
    }

    /** Fails every waiter (the leader stepped down: their records may not survive). */
    public void failAll(StrataException cause) {
        List<Waiter> failed;
        synchronized (this) {
            failed = new ArrayList<>(waiting);
            waiting.clear();
        }
        failed.forEach(waiter -> waiter.future().completeExceptionally(cause));
    }

    /** Starts over at a new leader epoch with this high watermark. */
    public synchronized void reset(long newHighWatermark) {
        highWatermark = newHighWatermark;
        verdict = null;
    }

    /** How many waiters are queued (not counting admitted appends still being written). */
    public synchronized int size() {
        return waiting.size();
    }

    private static void complete(Waiter waiter, StrataException failure) {
        if (failure == null) {
            waiter.future().complete(null);
        } else {
            waiter.future().completeExceptionally(failure);
        }
    }

    private record Waiter(long offset, CompletableFuture<Void> future) implements Comparable<Waiter> {
        @Override
        public int compareTo(Waiter other) {
            return Long.compare(offset, other.offset);
        }
    }
}
