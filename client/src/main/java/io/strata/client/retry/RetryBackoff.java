package io.strata.client.retry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry, as Kafka's clients compute it ({@code retry.backoff.ms},
 * {@code retry.backoff.max.ms}): the first retry waits about {@code initialMs}, each further one
 * twice as long, never more than {@code maxMs}; every wait is scaled by a random factor in
 * [1 − jitter, 1 + jitter] (then capped) so that clients failing together do not retry together.
 *
 * <p>Pure and thread-safe.
 */
public record RetryBackoff(long initialMs, long maxMs, double jitter) {

    public static final double DEFAULT_JITTER = 0.2;

    public RetryBackoff {
        if (initialMs < 0 || maxMs < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff " + initialMs + "/" + maxMs + " ms, jitter " + jitter);
        }
    }

    public RetryBackoff(long initialMs, long maxMs) {
        this(initialMs, Math.max(initialMs, maxMs), DEFAULT_JITTER);
    }

    /** The wait before retry number {@code retry} (1 = the first retry). */
    public long backoffMs(int retry) {
        return backoffMs(retry, ThreadLocalRandom.current().nextDouble());
    }

    /** The same with the random draw given ({@code random} in [0, 1)): for tests. */
    public long backoffMs(int retry, double random) {
        int doublings = Math.max(0, Math.min(retry - 1, 40));
        double term = Math.min((double) initialMs * (1L << doublings), maxMs);
        double factor = 1 - jitter + 2 * jitter * random;
        return Math.min(maxMs, Math.round(term * factor));
    }
}
