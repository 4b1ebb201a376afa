package io.strata.node.replication;

/**
 * When a follower may try one partition (or one leader connection) again after failures:
 * exponential back-off from {@code initialMs}, doubling per consecutive failure up to
 * {@code maxMs}, reset by a success; and whether a failure is worth a warning, at most one per
 * {@code warnIntervalMs} (the first failure of a run always is), so that a partition failing for
 * hours neither floods the log nor goes unseen.
 *
 * <p>Not thread-safe: confined to its fetcher's thread.
 */
final class FetchBackoff {

    private final long initialMs;
    private final long maxMs;
    private final long warnIntervalMs;
    private int failures;
    private long retryAtMs;
    private long lastWarnMs;

    FetchBackoff(long initialMs, long maxMs, long warnIntervalMs) {
        if (initialMs < 1 || maxMs < initialMs) {
            throw new IllegalArgumentException("back-off from " + initialMs + " ms up to " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.warnIntervalMs = warnIntervalMs;
    }

    /** Whether the next attempt may be made at {@code nowMs}. */
    boolean ready(long nowMs) {
        return nowMs >= retryAtMs;
    }

    /**
     * One more consecutive failure at {@code nowMs}.
     *
     * @return how long to wait before the next attempt
     */
    long failed(long nowMs) {
        failures++;
        long delayMs = initialMs << Math.min(failures - 1, 30);
        delayMs = delayMs <= 0 ? maxMs : Math.min(delayMs, maxMs);
        retryAtMs = nowMs + delayMs;
        return delayMs;
    }

    /** A refusal expected to pass soon (not a failure): waits {@code initialMs} and counts nothing. */
    void pause(long nowMs) {
        retryAtMs = nowMs + initialMs;
    }

    /** Whether the failure just recorded should be logged at WARN (then it counts as warned). */
    boolean shouldWarn(long nowMs) {
        if (failures == 1 || nowMs - lastWarnMs >= warnIntervalMs) {
            lastWarnMs = nowMs;
            return true;
        }
        return false;
    }

    /**
     * An attempt succeeded: the next failure starts from {@code initialMs} again.
     *
     * @return how many consecutive failures came before it
     */
    int succeeded() {
        int before = failures;
        failures = 0;
        retryAtMs = 0;
        return before;
    }

    int failures() {
        return failures;
    }
}
