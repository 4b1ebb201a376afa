package io.strata.kafka.quota;

import java.util.Arrays;

/**
 * The byte rate of one quota entity over a sliding window, and Kafka's throttle time.
 *
 * <p>The window is {@code samples} samples of {@code sampleMs} each (Kafka's
 * {@code quota.window.num} = 11 × {@code quota.window.size.seconds} = 1 s). As in Kafka's
 * {@code SampledStat}, a sample starts at the first record after the previous one has lasted
 * {@code sampleMs}, and a sample that started more than {@code samples × sampleMs} ago is forgotten.
 * The rate is the bytes of the samples kept divided by the time they span: from the oldest kept
 * sample's start to now, but at least one sample's length.
 *
 * <p>Throttle time (Kafka's {@code QuotaUtils.throttleTime}): when a record takes the rate over the
 * quota, the client must wait {@code (rate - quota) / quota × span}, i.e. (bytes over the quota's
 * allowance for the span) / quota — after that wait the same bytes over the longer span are exactly
 * the quota.
 *
 * <p><b>Difference from Kafka:</b> Kafka's {@code Rate} treats a window younger than
 * {@code samples - 1} samples as if it were that long, which lets a new client send ten seconds'
 * worth at once and then, every eleven seconds as that sample expires, again. Here the span is the
 * time really observed, so the rate holds from the first second.
 *
 * <p>Thread-safe: every method is synchronized on the meter (records of one entity come from any
 * event loop; the critical section is a few array operations).
 */
public final class RateMeter {

    /** The start of a sample slot not in use. */
    private static final long UNUSED = Long.MIN_VALUE;

    private final long sampleMs;
    private final long[] starts;
    private final long[] bytes;
    private int current = -1;

    public RateMeter(int samples, long sampleMs) {
        if (samples < 2 || sampleMs < 1) {
            throw new IllegalArgumentException("a rate meter needs at least 2 samples of at least 1 ms, not " + samples + " × " + sampleMs + " ms");
        }
        this.sampleMs = sampleMs;
        this.starts = new long[samples];
        this.bytes = new long[samples];
        Arrays.fill(starts, UNUSED);
    }

    /**
     * Counts {@code value} bytes at {@code nowMs} and answers how long (ms) the client must now wait
     * for the rate to fall back to {@code quotaBytesPerSecond}; 0 when it is within the quota.
     */
    public synchronized long record(long value, long nowMs, long quotaBytesPerSecond) {
        sampleAt(nowMs);
        bytes[current] += value;
        return throttleMs(nowMs, quotaBytesPerSecond);
    }

    /** Takes back bytes recorded at {@code nowMs} that were not delivered after all (a throttled fetch answered empty). */
    public synchronized void unrecord(long value, long nowMs) {
        sampleAt(nowMs);
        bytes[current] = Math.max(0, bytes[current] - value);
    }

    /** Bytes per second over the window at {@code nowMs}. */
    public synchronized double rate(long nowMs) {
        purge(nowMs);
        long spanMs = spanMs(nowMs);
        return spanMs == 0 ? 0 : total() * 1000.0 / spanMs;
    }

    /** Whether nothing recorded is still inside the window: such a meter reads as a new one, so dropping it loses nothing. */
    public synchronized boolean idle(long nowMs) {
        purge(nowMs);
        return current < 0 || total() == 0;
    }

    private long throttleMs(long nowMs, long quotaBytesPerSecond) {
        long spanMs = spanMs(nowMs);
        double over = total() - quotaBytesPerSecond * (spanMs / 1000.0);
        if (over <= 0) {
            return 0;
        }
        return Math.min(Integer.MAX_VALUE, Math.round(over * 1000.0 / quotaBytesPerSecond));
    }

    /** Makes {@link #current} the sample {@code nowMs} belongs to, forgetting expired ones. */
    private void sampleAt(long nowMs) {
        purge(nowMs);
        if (current < 0) {
            current = 0;
            starts[0] = nowMs;
            bytes[0] = 0;
        } else if (nowMs - starts[current] >= sampleMs) {
            current = (current + 1) % starts.length;
            starts[current] = nowMs;
            bytes[current] = 0;
        }
    }

    private void purge(long nowMs) {
        if (current < 0) {
            return;
        }
        long horizon = nowMs - starts.length * sampleMs;
        if (starts[current] < horizon) {
            current = -1;
            Arrays.fill(bytes, 0);
            Arrays.fill(starts, UNUSED);
            return;
        }
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] != UNUSED && starts[i] < horizon) {
                bytes[i] = 0;
                starts[i] = UNUSED;
            }
        }
    }

    private long spanMs(long nowMs) {
        if (current < 0) {
            return 0;
        }
        long oldest = starts[current];
        for (long start : starts) {
            if (start != UNUSED && start < oldest) {
                oldest = start;
            }
        }
        return Math.max(sampleMs, nowMs - oldest);
    }

    private long total() {
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        return sum;
    }
}
