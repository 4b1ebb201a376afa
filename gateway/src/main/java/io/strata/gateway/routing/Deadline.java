package io.strata.gateway.routing;

import java.time.Duration;

/** The moment a request must be answered by, on the monotonic clock. */
public record Deadline(long nanos) {

    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    public static Deadline afterMs(long timeoutMs) {
        return new Deadline(System.nanoTime() + timeoutMs * 1_000_000L);
    }

    /** Milliseconds left (0 when passed). */
    public long remainingMs() {
        return Math.max(0, (nanos - System.nanoTime()) / 1_000_000L);
    }

    public boolean passed() {
        return nanos - System.nanoTime() <= 0;
    }
}
