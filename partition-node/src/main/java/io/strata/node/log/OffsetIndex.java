package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The sparse offset index of one segment ({@code <base offset>.index}): where in the segment file
 * a batch starts, for one batch every {@code index.interval.bytes} of log.
 *
 * <pre>
 * entry (8 bytes, big-endian):  int32 relative offset  (batch base offset − segment base offset)
 *                               int32 position         (byte position of the batch in the .log file)
 * </pre>
 *
 * A lookup answers the last indexed batch at or before an offset; the reader scans forward from
 * there, at most one index interval of batch headers.
 */
final class OffsetIndex extends SparseIndex {

    static final int ENTRY_SIZE = 8;

    private final long baseOffset;

    OffsetIndex(Path path, FileHandles files, long baseOffset, int maxIndexBytes) throws IOException {
        super(path, files, ENTRY_SIZE, maxIndexBytes);
        this.baseOffset = baseOffset;
    }

    @Override
    long keyAt(ByteBuffer entry, int position) {
        return entry.getInt(position);
    }

    /** Records that the batch with this base offset starts at this file position. */
    void add(long batchBaseOffset, int position) {
        add(ByteBuffer.allocate(ENTRY_SIZE).putInt(relative(batchBaseOffset)).putInt(position).flip());
    }

    /** The last indexed batch start at or before {@code offset}; the segment start when there is none. */
    OffsetPosition lookup(long offset) throws IOException {
        int index = floor(offset - baseOffset);
        return index < 0 ? new OffsetPosition(baseOffset, 0) : at(index);
    }

    /** The last entry, or the segment start when the index is empty. */
    OffsetPosition last() throws IOException {
        int entries = entries();
        return entries == 0 ? new OffsetPosition(baseOffset, 0) : at(entries - 1);
    }

    /** Drops the entries of batches at or after {@code offset}. */
    void truncateTo(long offset) throws IOException {
        truncateToEntries(floor(offset - baseOffset - 1) + 1);
    }

    private OffsetPosition at(int index) throws IOException {
        ByteBuffer entry = entry(index);
        return new OffsetPosition(baseOffset + entry.getInt(0), entry.getInt(4));
    }

    private int relative(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit the index of segment " + baseOffset);
        }
        return (int) relative;
    }

    /** A batch base offset and the position where that batch starts in the segment file. */
    record OffsetPosition(long offset, int position) {
    }
}
