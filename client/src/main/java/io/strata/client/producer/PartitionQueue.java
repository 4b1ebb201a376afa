package io.strata.client.producer;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The batches of one partition waiting to be sent, oldest first; the last may still be open for
 * appends. Invariants: at most one request of this partition is in flight ({@code inFlight}); a
 * batch that was sent and must be retried goes back to the head, before every batch never sent,
 * so the partition's order (and its sequence numbers) never change.
 *
 * <p>Guarded by its own monitor: {@code send} threads append, the sender drains and requeues.
 */
final class PartitionQueue {

    final String topic;
    final int partition;
    final ArrayDeque<ProducerBatch> batches = new ArrayDeque<>();
    final PartitionSequence sequence = new PartitionSequence();
    boolean inFlight;
    /** A retried batch is not sent before this time (System.nanoTime). */
    long retryNotBeforeNanos;

    PartitionQueue(String topic, int partition) {
        this.topic = topic;
        this.partition = partition;
    }

    /** Whether the head may be sent now: see {@link RecordAccumulator} for the rule. Caller holds the monitor. */
    boolean ready(long nowNanos, long lingerNanos, boolean flushing) {
        if (inFlight || batches.isEmpty() || nowNanos - retryNotBeforeNanos < 0) {
            return false;
        }
        ProducerBatch head = batches.peekFirst();
        return head.attempts() > 0 || batches.size() > 1 || head.isFull() || flushing
                || nowNanos - head.createdNanos >= lingerNanos;
    }

    /**
     * When this partition becomes ready by time alone (linger or back-off), or Long.MAX_VALUE if
     * only an event (a response, more records) can make it ready. Caller holds the monitor.
     */
    long readyAtNanos(long lingerNanos) {
        if (inFlight || batches.isEmpty()) {
            return Long.MAX_VALUE;
        }
        ProducerBatch head = batches.peekFirst();
        return head.attempts() > 0 ? retryNotBeforeNanos : Math.max(retryNotBeforeNanos, head.createdNanos + lingerNanos);
    }

    /** Puts sent batches back at the head, in their order, for another attempt. Caller holds the monitor. */
    void requeue(List<ProducerBatch> sent, long notBeforeNanos) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            batches.addFirst(sent.get(i));
        }
        retryNotBeforeNanos = notBeforeNanos;
        inFlight = false;
    }
}
