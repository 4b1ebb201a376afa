package io.strata.connector.commit;

import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The throttled strategy's view of one partition: which records were handed to the application
 * and which of them it acknowledged, in any order. {@link #committable()} is the offset a commit
 * may carry: the first record still unacknowledged, or one past the last record received when all
 * are acknowledged. Pure: the caller passes the clock.
 *
 * <p>Invariants: every record received below {@code committable()} was acknowledged;
 * {@code committable()} never decreases; records are received in increasing offset order (a
 * partition is read in order), and an offset received out of order is a bug, refused with
 * {@link IllegalStateException}. An acknowledgement of an offset not pending (never received, or
 * acknowledged already) changes nothing.
 *
 * <p>Not thread-safe: confined to the channel's poll thread.
 */
public final class PartitionAckTracker {

    /** Offsets received and not yet acknowledged, to the time (ms) they were received. */
    private final TreeMap<Long, Long> pending = new TreeMap<>();
    private long lastReceived = -1;

    /** A record at {@code offset} was handed to the application at {@code nowMs}. */
    public void received(long offset, long nowMs) {
        if (offset <= lastReceived) {
            throw new IllegalStateException("offset " + offset + " received after offset " + lastReceived
                    + ": records of a partition must arrive in increasing offset order");
        }
        lastReceived = offset;
        pending.put(offset, nowMs);
    }

    /** The application acknowledged the record at {@code offset}. */
    public void acknowledged(long offset) {
        pending.remove(offset);
    }

    /** The offset to commit (the next record to read after a restart); empty before any record was received. */
    public OptionalLong committable() {
        if (lastReceived < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pending.isEmpty() ? lastReceived + 1 : pending.firstKey());
    }

    /** The first record still unacknowledged, or -1 when every record received is acknowledged. */
    public long oldestPendingOffset() {
        return pending.isEmpty() ? -1 : pending.firstKey();
    }

    /** How long (ms) the first unacknowledged record has waited at {@code nowMs}; 0 when none waits. */
    public long oldestPendingAgeMs(long nowMs) {
        return pending.isEmpty() ? 0 : nowMs - pending.firstEntry().getValue();
    }

    public int pendingCount() {
        return pending.size();
    }
}
