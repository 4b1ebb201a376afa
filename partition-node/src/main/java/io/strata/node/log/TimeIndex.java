package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse time index of one segment ({@code <base offset>.timeindex}): how the largest record
 * timestamp seen so far grows along the segment.
 *
 * <pre>
 * entry (12 bytes, big-endian):  int64 timestamp        (largest record timestamp up to this batch)
 *                                int32 relative offset  (base offset of that batch − segment base offset)
 * </pre>
 *
 * Record timestamps are set by producers and need not increase, so an entry (T, o) promises only
 * that no record before the batch at o has a timestamp above T. To find the first record at or
 * after a time t, start from the last entry with T &lt; t (nothing before it qualifies) and scan.
 * An entry is added only when T grows, so timestamps strictly increase along the file. The last
 * entry of a closed segment holds the segment's largest timestamp, which retention reads.
 */
final class TimeIndex extends SparseIndex {

    static final int ENTRY_SIZE = 12;

    private final long baseOffset;

    TimeIndex(Path path, FileHandles files, long baseOffset, int maxIndexBytes) throws IOException {
        super(path, files, ENTRY_SIZE, maxIndexBytes);
        this.baseOffset = baseOffset;
    }

    @Override
    long keyAt(ByteBuffer entry, int position) {
        return entry.getLong(position);
    }

    void add(long timestamp, long batchBaseOffset) {
        add(ByteBuffer.allocate(ENTRY_SIZE).putLong(timestamp).putInt((int) (batchBaseOffset - baseOffset)).flip());
    }

    /** The offset from which to scan for the first record with a timestamp at or after {@code timestamp}. */
    long scanStart(long timestamp) throws IOException {
        int index = floor(timestamp - 1);
        return index < 0 ? baseOffset : baseOffset + entry(index).getInt(8);
    }

    /** Drops the entries of batches at or after {@code offset} (after the log was truncated there). */
    void truncateTo(long offset) throws IOException {
        int entries = entries();
        while (entries > 0 && baseOffset + entry(entries - 1).getInt(8) >= offset) {
            entries--;
        }
        truncateToEntries(entries);
    }

    /** The largest timestamp indexed, or -1 when the index is empty. */
    long lastTimestamp() throws IOException {
        int entries = entries();
        return entries == 0 ? -1 : entry(entries - 1).getLong(0);
    }
}
