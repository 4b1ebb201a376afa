package io.strata.gateway.fetch;

import io.strata.api.v1.PartitionRecords;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to one many-partition fetch, gathered from the leaders it was split over: it is ready
 * as soon as one leader's part brings a partition with records or an error (a consumer waiting on
 * several leaders wants the first news, not the slowest leader's timeout), or once every part has
 * come back with nothing. What arrives after it is ready is dropped: those partitions had not been
 * read from the consumer's point of view, and its next fetch reads them again from the same offsets.
 *
 * <p>Bound: the partitions kept hold at most {@code maxBytes} of records in all, except that the
 * first partition with records is always kept whole (so a fetch always makes progress); a
 * partition past the bound is left out, as if it had had nothing.
 *
 * <p>Thread-safety: {@link #add} may be called from any thread; it synchronises on this object.
 */
final class GatheredAnswer {

    private final long maxBytes;
    private int partsLeft;
    private final List<PartitionRecords> kept = new ArrayList<>();
    private long bytes;
    private boolean ready;

    /**
     * @param parts    how many leaders' parts will be added
     * @param maxBytes the bound on records kept; 0 for none
     */
    GatheredAnswer(int parts, long maxBytes) {
        if (parts < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("parts and maxBytes must be 0 or more, got " + parts + " and " + maxBytes);
        }
        this.partsLeft = parts;
        this.maxBytes = maxBytes == 0 ? Long.MAX_VALUE : maxBytes;
    }

    /**
     * Adds one leader's part; answers whether the gathered answer became ready with it (true once,
     * to the caller that must send it). A part added after that is dropped.
     */
    synchronized boolean add(List<PartitionRecords> part) {
        if (ready) {
            return false;
        }
        partsLeft--;
        for (PartitionRecords partition : part) {
            long size = partition.getRecords().size();
            if (size > 0 && bytes > 0 && bytes + size > maxBytes) {
                continue;
            }
            bytes += size;
            kept.add(partition);
        }
        ready = !kept.isEmpty() || partsLeft <= 0;
        return ready;
    }

    /** Whether the answer is ready (no part added from now on is kept). */
    synchronized boolean ready() {
        return ready;
    }

    /** The partitions kept, in the order they came. */
    synchronized List<PartitionRecords> partitions() {
        return List.copyOf(kept);
    }
}
