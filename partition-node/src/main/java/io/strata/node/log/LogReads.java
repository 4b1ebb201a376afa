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
        long end = log.logEndOffset();
        long start = log.logStartOffset();
        if (offset < start || offset > end) {
            throw PartitionLog.outOfRange(offset, start, end);
        }
        long upTo = Math.min(maxOffset, end);
        try {
            Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
            while (entry != null && offset < upTo) {
                ByteBuffer bytes = entry.getValue().read(offset, maxBytes, upTo);
                if (bytes.hasRemaining()) {
                    return new LogReadResult(bytes, start, end);
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return new LogReadResult(ByteBuffer.allocate(0), start, end);
        } catch (NoSuchFileException | ClosedChannelException raced) {
            if (offset < log.logStartOffset()) {
                throw PartitionLog.outOfRange(offset, log.logStartOffset(), log.logEndOffset());
            }
            throw PartitionLog.storageError("cannot read offset " + offset + " from " + log.dir(), raced);
        } catch (IOException e) {
            throw PartitionLog.storageError("cannot read offset " + offset + " from " + log.dir(), e);
        }
    }

    /** See {@link PartitionLog#readSlice(long, int, long)}: as {@link #read}, the batches' place instead of their bytes. */
    LogSlice readSlice(long offset, int maxBytes, long maxOffset) {
        long end = log.logEndOffset();
        long start = log.logStartOffset();
        if (offset < start || offset > end) {
            throw PartitionLog.outOfRange(offset, start, end);
        }
        long upTo = Math.min(maxOffset, end);
        try {
            Map.Entry<Long, Segment> entry = segments.floorEntry(offset);
            while (entry != null && offset < upTo) {
                SegmentSlice slice = entry.getValue().readSlice(offset, maxBytes, upTo);
                if (slice != null) {
                    return new LogSlice(slice, start, end);
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return new LogSlice(null, start, end);
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
