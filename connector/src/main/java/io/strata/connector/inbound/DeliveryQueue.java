package io.strata.connector.inbound;

import io.strata.client.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages an incoming channel polled and has not yet handed to its subscriber, handed over
 * as the subscriber requests them: the channel's {@link Flow.Subscription}. The poll thread offers
 * messages; {@link #drain} delivers them from whichever thread calls it (the poll thread after an
 * offer, the subscriber's thread after a request), one thread at a time (a work-in-progress
 * counter serializes the signals, as Reactive Streams requires).
 *
 * <p>Thread-safe. {@link #size()} is what back-pressure looks at: the poll thread pauses the
 * channel's partitions when it reaches the channel's bound.
 */
final class DeliveryQueue implements Flow.Subscription {

    /** A message and the partition it came from (so a revocation can drop what is queued of it). */
    record Delivery(TopicPartition partition, Message<?> message) {
    }

    private final Flow.Subscriber<? super Message<?>> downstream;
    private final Runnable onRequest;
    private final Runnable onCancel;
    private final ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private volatile boolean completed;
    private boolean terminated; // only touched inside drain's serialized section

    DeliveryQueue(Flow.Subscriber<? super Message<?>> downstream, Runnable onRequest, Runnable onCancel) {
        this.downstream = downstream;
        this.onRequest = onRequest;
        this.onCancel = onCancel;
    }

    void offer(TopicPartition partition, Message<?> message) {
        queue.add(new Delivery(partition, message));
        size.incrementAndGet();
        drain();
    }

    int size() {
        return size.get();
    }

    /** Drops what is queued of these partitions (they were revoked: their new owner reads them again). */
    void removePartitions(Collection<TopicPartition> partitions) {
        queue.removeIf(delivery -> {
            if (partitions.contains(delivery.partition())) {
                size.decrementAndGet();
                return true;
            }
            return false;
        });
    }

    /** Ends the stream with {@code reason} (the first reason wins), ahead of anything still queued. */
    void fail(Throwable reason) {
        if (failure == null) {
            failure = reason;
        }
        drain();
    }

    /**
     * Ends the stream normally (the channel is closing): what is still queued is dropped, not
     * delivered. It was never handed to the application, so it is not committed and is read again.
     */
    void complete() {
        completed = true;
        drain();
    }

    boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("Reactive Streams rule 3.9: request(" + n + ") must ask for 1 or more"));
            return;
        }
        requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        drain();
        onRequest.run();
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            onCancel.run();
            drain();
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!terminated) {
                deliver();
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Inside the serialized section. */
    private void deliver() {
        if (cancelled) {
            terminated = true;
            queue.clear();
            size.set(0);
            return;
        }
        Throwable reason = failure;
        if (reason != null || completed) {
            terminated = true;
            queue.clear();
            size.set(0);
            if (reason != null) {
                downstream.onError(reason);
            } else {
                downstream.onComplete();
            }
            return;
        }
        long wanted = requested.get();
        long sent = 0;
        while (sent != wanted) {
            Delivery next = queue.poll();
            if (next == null) {
                break;
            }
            size.decrementAndGet();
            downstream.onNext(next.message());
            sent++;
        }
        if (sent > 0 && wanted != Long.MAX_VALUE) {
            requested.addAndGet(-sent);
        }
    }
}
