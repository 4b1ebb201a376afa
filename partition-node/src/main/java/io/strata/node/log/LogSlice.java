package io.strata.node.log;

import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Whole record batches of a log as a place in a segment file, not as bytes (what
 * {@link PartitionLog#readSlice} finds: the batches {@link PartitionLog#read} would read), with the
 * log's bounds at the time of the read. For a consumer's Fetch on a plaintext Kafka connection,
 * whose answer the listener sends from the file ({@code sendfile}).
 *
 * <p><b>Invariant (file lifetime).</b> Until {@link #close()}, {@link #channel()} stays open and
 * its bytes at {@code [position, position + sizeInBytes)} are these batches: the slice holds a
 * lease of the node's {@link FileHandles}, and a leased channel is never closed, neither when its
 * segment is deleted (retention, DeleteRecords, a replica removed: the handle is forgotten, the
 * file unlinked, the descriptor kept) nor when the cache evicts it. The log never rewrites a
 * file's batches in place: compaction writes a new file and renames it over the old one, which
 * this descriptor still reads; truncation happens only above the high watermark, and the slice
 * holds batches below it. Closing releases the lease, and with it the descriptor if the file left
 * the cache meanwhile.
 *
 * <p>Thread-safety: immutable apart from {@link #close()}, which must be called exactly once, on any
 * thread, after the slice was handed over with a happens-before edge (it is not to be shared).
 * An empty slice holds no lease.
 */
public final class LogSlice implements AutoCloseable {

    private final SegmentSlice slice;
    private final long logStartOffset;
    private final long logEndOffset;

    LogSlice(SegmentSlice slice, long logStartOffset, long logEndOffset) {
        this.slice = slice;
        this.logStartOffset = logStartOffset;
        this.logEndOffset = logEndOffset;
    }

    public boolean isEmpty() {
        return slice == null;
    }

    /** The segment's channel; only for a non-empty slice. */
    public FileChannel channel() {
        return slice.lease().channel();
    }

    public long position() {
        return slice == null ? 0 : slice.position();
    }

    /** The sizes of the batches in log order (a copy). */
    public int[] batchSizes() {
        return slice == null ? new int[0] : slice.batchSizes().clone();
    }

    public int sizeInBytes() {
        return slice == null ? 0 : Arrays.stream(slice.batchSizes()).sum();
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    @Override
    public void close() {
        if (slice != null) {
            slice.lease().close();
        }
    }
}
