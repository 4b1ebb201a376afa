package io.strata.gateway.routing;

import java.time.Duration;

/** The moment a request must be answered by, on the monotonic clock. */
public record Deadline(long nanos) {

    /** At most this much of the remaining time is kept back from a server's own wait ({@link #serverWaitMs}). */
    static final long MAX_ANSWER_MARGIN_MS = 1000;

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

    /**
     * How long a server may wait on its own (an append's acks, a long poll) before it answers: the
     * remaining time less a margin for the answer to come back (a tenth of it, at most
     * {@link #MAX_ANSWER_MARGIN_MS}). Why: a server that waits exactly as long as the caller's
     * deadline loses the race to it, and the caller then cancels the call, which is an HTTP/2
     * RST_STREAM on the shared connection; a node closes a connection that resets too many
     * streams (GOAWAY ENHANCE_YOUR_CALM) and every call on it fails. Answering a little earlier
     * gives the caller a definite answer (REQUEST_TIMED_OUT) instead of a cancel. At least 1 ms.
     */
    public long serverWaitMs() {
        long remaining = remainingMs();
        return Math.max(1, remaining - Math.min(MAX_ANSWER_MARGIN_MS, remaining / 10));
    }

    public boolean passed() {
        return nanos - System.nanoTime() <= 0;
    }
}
