package io.strata.coordinator.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a consumer's lag in records into lag in time, the way Burrow and kminion estimate it: the
 * log end offsets of each partition are sampled at every metrics round, and a committed offset
 * {@code c} is as old as the first sample whose log end was past {@code c} (the record at
 * {@code c} was written by then; the consumer has not gone past it since). With no such sample the
 * consumer is caught up: 0 seconds. When every kept sample is past {@code c}, the oldest one's age
 * is the answer: a lower bound, since the record is older than what is remembered.
 *
 * <p>Bounded: at most {@code maxSamples} samples per partition (the oldest are dropped), and the
 * partitions not sampled in a round are forgotten by {@link #retainOnly}. Times are
 * {@link System#nanoTime()} readings passed in; no clock, no I/O.
 *
 * <p>Not thread-safe: confined to the metrics thread.
 *
 * @param <P> how a partition is named
 */
public final class LagClock<P> {

    private record Sample(long nanos, long logEnd) {
    }

    private final int maxSamples;
    private final Map<P, Deque<Sample>> samples = new HashMap<>();

    public LagClock(int maxSamples) {
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, not " + maxSamples);
        }
        this.maxSamples = maxSamples;
    }

    /** Records that {@code partition}'s log ended at {@code logEnd} at {@code nanos}; a log end seen before is not kept again. */
    public void sample(P partition, long logEnd, long nanos) {
        Deque<Sample> kept = samples.computeIfAbsent(partition, p -> new ArrayDeque<>());
        if (!kept.isEmpty() && kept.peekLast().logEnd() == logEnd) {
            return;
        }
        if (!kept.isEmpty() && kept.peekLast().logEnd() > logEnd) {
            kept.clear(); // the log was truncated or recreated: older samples describe another log
        }
        kept.addLast(new Sample(nanos, logEnd));
        while (kept.size() > maxSamples) {
            kept.removeFirst();
        }
    }

    /** Seconds a consumer committed at {@code committed} is behind on {@code partition}, at {@code nowNanos}. */
    public double lagSeconds(P partition, long committed, long nowNanos) {
        Deque<Sample> kept = samples.get(partition);
        if (kept == null || kept.isEmpty() || committed < 0 || kept.peekLast().logEnd() <= committed) {
            return 0;
        }
        long firstPast = kept.peekLast().nanos();
        for (Iterator<Sample> newestFirst = kept.descendingIterator(); newestFirst.hasNext(); ) {
            Sample sample = newestFirst.next();
            if (sample.logEnd() <= committed) {
                break;
            }
            firstPast = sample.nanos();
        }
        return Math.max(0, nowNanos - firstPast) / 1e9;
    }

    /** Forgets every partition not in {@code sampled}. */
    public void retainOnly(java.util.Set<P> sampled) {
        samples.keySet().retainAll(sampled);
    }
}
