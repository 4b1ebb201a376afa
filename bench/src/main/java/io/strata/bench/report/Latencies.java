package io.strata.bench.report;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every latency of a run, kept exactly in a preallocated array and sorted once at the end: a
 * million records cost 8 MB and the percentiles need no bucketing error. Safe to record from
 * several threads at once (each sample takes its own slot); read {@link #percentiles()} only after
 * the recording threads are done.
 */
public final class Latencies {

    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    public Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    public void record(long latencyNanos) {
        int slot = count.getAndIncrement();
        if (slot >= nanos.length) {
            throw new IllegalStateException("more than " + nanos.length + " latencies recorded");
        }
        nanos[slot] = latencyNanos;
    }

    public int count() {
        return Math.min(count.get(), nanos.length);
    }

    /** The largest latency recorded, in nanoseconds. */
    public long max() {
        return Arrays.stream(nanos, 0, count()).max().orElseThrow(() -> new IllegalStateException("no latencies recorded"));
    }

    /** Nearest-rank percentiles: the smallest sample at or above the given share of samples. */
    public Percentiles percentiles() {
        int n = count();
        if (n == 0) {
            throw new IllegalStateException("no latencies recorded");
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        return new Percentiles(millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 0.999));
    }

    private static double millis(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }
}
