package io.strata.node.compaction;

/**
 * Holds the cleaner's I/O to a byte rate: after each chunk read or written the cleaner reports
 * its bytes, and the throttler sleeps (on the cleaner's own thread) for as long as the bytes so
 * far are ahead of the rate since it started. Not thread-safe: one per cleaner thread.
 */
final class Throttler {

    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long bytes;

    Throttler(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void maybeThrottle(long moreBytes) throws InterruptedException {
        bytes += moreBytes;
        long dueNanos = (long) (bytes * 1e9 / bytesPerSecond);
        long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
        if (aheadNanos > 1_000_000) {
            Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
        }
    }
}
