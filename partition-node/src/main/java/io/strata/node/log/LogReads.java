package io.strata.node.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The read paths of a {@link PartitionLog}: whole batches from an offset, and the first record at
 * or after a timestamp. Offsets in a compacted log may have gaps: a read at an offset the cleaner
 * removed returns the next batch after it, in that segment or a later one.
 *
 * <p>Thread-safety: any thread, without the log's write lock; the caller holds the read side of
 * the log's swap lock, so no segment is replaced by its cleaned copy during a read.
 */
final class LogReads {

    private final PartitionLog log;
    private final NavigableMap<Long, Segment> segments;

    LogReads(PartitionLog log, NavigableMap<Long, Segment> segments) {
        this.log = log;
        this.segments = segments;
    }

    /** See {@link PartitionLog#read(long, int, long)}. */
    LogReadResult read(long offset, int maxBytes, long maxOffset) {
        return firstBatches(offset, maxOffset, (segment, upTo) -> {
            ByteBuffer bytes = segment.read(offset, maxBytes, upTo);
            return bytes.hasRemaining() ? bytes : null;
        }, (bytes, start, end) -> new LogReadResult(bytes == null ? ByteBuffer.allocate(0) : bytes, start, end));
    }

    /** See {@link PartitionLog#readSlice(long, int, long)}: as {@link #read}, the batches' place instead of their bytes. */
    LogSlice readSlice(long offset, int maxBytes, long maxOffset) {
        return firstBatches(offset, maxOffset, (segment, upTo) -> segment.readSlice(offset, maxBytes, upTo), LogSlice::new);
    }

    /** What one segment holds of a read: null when it has no batch at or after the offset below the bound. */
    private interface SegmentRead<F> {
        F from(Segment segment, long upTo) throws IOException;
    }

    /** The answer of a read: what was found (null for nothing) with the log's bounds at the read. */
    private interface ReadAnswer<F, A> {
        A of(F found, long logStartOffset, long logEndOffset);
    }

    /**
     * The batches from {@code offset} below {@code maxOffset}, in the first segment from the one
     * holding the offset that has any (a compacted log may have gaps, a segment may be empty).
     */
    private <F, A> A firstBatches(long offset, long maxOffset, SegmentRead<F> read, ReadAnswer<F, A> answer) {
        long end = log.logEndOffset();
        long start = log.logStartOffset();
        if (offset < start || offset > end) {
            throw PartitionLog.outOfRange(offset, start, end);
        }
        long upTo = Math.min(maxOffset, end);
        try {
            Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
            while (entry != null && offset < upTo) {
                F found = read.from(entry.getValue(), upTo);
                if (found != null) {
                    return answer.of(found, start, end);
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return answer.of(null, start, end);
        } catch (NoSuchFileException | ClosedChannelException raced) {
            if (offset < log.logStartOffset()) {
                throw PartitionLog.outOfRange(offset, log.logStartOffset(), log.logEndOffset());
            }
            throw PartitionLog.storageError("cannot read offset " + offset + " from " + log.dir(), raced);
        } catch (IOException e) {
            throw PartitionLog.storageError("cannot read offset " + offset + " from " + log.dir(), e);
        }
    }

    /** See {@link PartitionLog#offsetForTimestamp(long)}. */
    Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        try {
            for (Segment segment : segments.values()) {
                if (segment.maxTimestamp() < timestamp) {
                    continue;
                }
                long from = Math.max(segment.scanStartForTimestamp(timestamp), log.logStartOffset());
                TimestampOffset found = segment.findByTimestamp(from, timestamp);
                if (found != null) {
                    return Optional.of(found);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw PartitionLog.storageError("cannot search " + log.dir() + " by timestamp " + timestamp, e);
        }
    }
}
