package io.strata.node.compaction;

import io.strata.node.log.CleanedSegment;
import io.strata.node.log.CompactionConfig;
import io.strata.node.log.LogCleaning;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * One cleaning of one log, as Kafka's cleaner does it: map each key of the dirty range to its
 * newest offset (bounded: when the {@link OffsetMap} fills, the range ends at the first record
 * that did not fit), then rewrite every cleanable segment from the log start up to the range's
 * end, keeping what {@link BatchFilter} keeps, each copy swapped in crash-safely by
 * {@link LogCleaning#replace}; last, record the range's end as the first dirty offset.
 *
 * <p>Invariants: offsets never change; no record at or past the end offset is dropped (except an
 * expired tombstone of a batch that also holds cleaned records); the newest record of every key
 * below the end survives unless it is a tombstone past its horizon; the first dirty offset is
 * written only after every segment below it was rewritten, so a crash or an error in between
 * just makes the next cleaning redo the range (cleaning is idempotent).
 *
 * <p>Runs on the cleaner's thread only; holds no lock of the log while it reads or writes (the
 * log takes its write lock for the swap alone). Not thread-safe: one cleaning at a time.
 */
public final class LogCleaner {

    private static final System.Logger LOG = System.getLogger(LogCleaner.class.getName());

    /** What one cleaning did. */
    public record Result(long endOffset, long bytesRead, long bytesWritten, long recordsRead, long recordsKept,
                         int segmentsReplaced, long nanos) {
    }

    private final CleanerSettings settings;
    private final OffsetMap map;
    private final Clock clock;
    private final BooleanSupplier stopped;

    public LogCleaner(CleanerSettings settings, Clock clock, BooleanSupplier stopped) {
        this.settings = settings;
        this.map = new OffsetMap(settings.dedupeBufferBytes());
        this.clock = clock;
        this.stopped = stopped;
    }

    /** Between chunks: a stopping node abandons the cleaning (the copy is deleted, the segment stays). */
    private void checkNotStopped() throws IOException {
        if (stopped.getAsBoolean()) {
            throw new IOException("the log cleaner is stopping");
        }
    }

    /** Cleans {@code log} over the segments of {@code candidate}. */
    public Result clean(LogCleaning log, CleaningCandidate candidate, CompactionConfig config)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Throttler throttler = new Throttler(settings.ioMaxBytesPerSecond());
        Tally tally = new Tally();
        long end = buildOffsetMap(log, candidate, throttler, tally);
        BatchFilter filter = new BatchFilter(map, end, log.producerLastOffsets(), clock.millis(), config.deleteRetentionMs());
        int replaced = 0;
        for (LogCleaning.SegmentInfo segment : candidate.segments()) {
            if (segment.baseOffset() >= end) {
                break;
            }
            if (cleanSegment(log, segment, filter, throttler, tally)) {
                replaced++;
            }
        }
        log.checkpointFirstDirtyOffset(end);
        log.nextDeleteHorizonMs(filter.nextDeleteHorizonMs());
        map.clear();
        return new Result(end, tally.bytesRead, tally.bytesWritten, tally.recordsRead, tally.recordsKept, replaced,
                System.nanoTime() - started);
    }

    /**
     * Maps the keys of the dirty segments to their newest offsets; returns where the mapped range
     * ends: the end of the last dirty segment, or the first record whose key did not fit.
     */
    private long buildOffsetMap(LogCleaning log, CleaningCandidate candidate, Throttler throttler, Tally tally)
            throws IOException, InterruptedException {
        map.clear();
        long firstDirty = candidate.firstDirtyOffset();
        long end = firstDirty;
        for (LogCleaning.SegmentInfo segment : candidate.segments()) {
            if (segment.nextOffset() <= firstDirty) {
                continue;
            }
            long[] full = {-1};
            forEachChunk(log, segment, chunk -> {
                tally.bytesRead += chunk.remaining();
                throttler.maybeThrottle(chunk.remaining());
                full[0] = mapChunk(chunk, firstDirty);
                return full[0] < 0;
            });
            if (full[0] == firstDirty) {
                throw new IllegalStateException("strata.node.cleaner.dedupe-buffer-bytes (" + settings.dedupeBufferBytes()
                        + ") cannot hold even one key of " + candidate.name());
            }
            if (full[0] >= 0) {
                return full[0];
            }
            end = segment.nextOffset();
        }
        return end;
    }

    /** Puts the keys of a chunk's records at or after {@code from}; returns the offset of the first that did not fit, or -1. */
    private long mapChunk(ByteBuffer chunk, long from) {
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(chunk).batches()) {
            if (batch.lastOffset() < from) {
                continue;
            }
            for (Record record : batch) {
                if (record.offset() >= from && record.hasKey() && !map.put(record.key(), record.offset())) {
                    return record.offset();
                }
            }
        }
        return -1;
    }

    /** Rewrites one segment; returns whether its cleaned copy took its place. */
    private boolean cleanSegment(LogCleaning log, LogCleaning.SegmentInfo segment, BatchFilter filter, Throttler throttler,
                                 Tally tally) throws IOException, InterruptedException {
        CleanedSegment copy = log.startCleaned(segment);
        try {
            boolean[] changed = {false};
            forEachChunk(log, segment, chunk -> {
                ByteBufferOutputStream out = new ByteBufferOutputStream(chunk.remaining());
                for (MutableRecordBatch batch : MemoryRecords.readableRecords(chunk).batches()) {
                    BatchFilter.Outcome outcome = filter.filter(batch, out);
                    changed[0] |= outcome.changed();
                    tally.recordsRead += outcome.recordsRead();
                    tally.recordsKept += outcome.recordsKept();
                }
                ByteBuffer cleaned = out.buffer().flip();
                tally.bytesRead += chunk.remaining();
                tally.bytesWritten += cleaned.remaining();
                copy.append(cleaned);
                throttler.maybeThrottle(chunk.remaining() + cleaned.remaining());
                return true;
            });
            if (!changed[0]) {
                copy.abort();
                return false;
            }
            boolean replaced = log.replace(copy);
            if (!replaced) {
                LOG.log(System.Logger.Level.INFO, "the cleaned copy of " + segment + " was dropped: the segment changed"
                        + " while it was cleaned (retention, truncation or DeleteRecords)");
            }
            return replaced;
        } finally {
            copy.abort();
        }
    }

    /** One chunk of whole batches; returns whether to go on. */
    @FunctionalInterface
    private interface ChunkAction {
        boolean accept(ByteBuffer chunk) throws IOException, InterruptedException;
    }

    /** Reads a segment front to back in chunks of whole batches until the action says stop. */
    private void forEachChunk(LogCleaning log, LogCleaning.SegmentInfo segment, ChunkAction action)
            throws IOException, InterruptedException {
        int position = 0;
        while (position < segment.sizeInBytes()) {
            checkNotStopped();
            ByteBuffer chunk = log.read(segment, position, settings.readBufferBytes());
            if (!chunk.hasRemaining()) {
                return;
            }
            position += chunk.remaining();
            if (!action.accept(chunk)) {
                return;
            }
        }
    }

    private static final class Tally {
        long bytesRead;
        long bytesWritten;
        long recordsRead;
        long recordsKept;
    }
}
