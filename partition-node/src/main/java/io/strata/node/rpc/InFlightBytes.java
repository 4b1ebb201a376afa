package io.strata.node.rpc;

/**
 * The bytes of requests a node is handling at once, against a limit: {@link #tryTake} admits a
 * request when it fits, or when nothing is in flight (so one request larger than the limit is not
 * refused forever); the caller refuses what is not admitted and gives back what was.
 * Invariant: bytes in flight ≤ max(limit, the one request admitted alone).
 *
 * <p>Pure logic. Thread-safety: synchronized (two tiny critical sections per request).
 */
final class InFlightBytes {

    private final long limit;
    private long inFlight;

    InFlightBytes(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be at least 1 byte, got " + limit);
        }
        this.limit = limit;
    }

    synchronized boolean tryTake(long bytes) {
        if (inFlight > 0 && inFlight + bytes > limit) {
            return false;
        }
        inFlight += bytes;
        return true;
    }

    synchronized void giveBack(long bytes) {
        inFlight -= bytes;
        if (inFlight < 0) {
            throw new IllegalStateException("gave back more bytes than were taken");
        }
    }

    synchronized long inFlight() {
        return inFlight;
    }

    long limit() {
        return limit;
    }
}
