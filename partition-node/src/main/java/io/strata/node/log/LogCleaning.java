package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What a {@link PartitionLog} offers its log cleaner (package {@code io.strata.node.compaction}):
 * the segments it may rewrite, their bytes, the first offset not yet cleaned
 * ({@code cleaner-offset-checkpoint}), and the replacement of a segment by its cleaned copy.
 *
 * <p>Cleanable segments: closed (never the active one), wholly below the high watermark (no
 * uncommitted record is ever compacted away, so a truncation never meets a cleaned segment it
 * would have to undo) and wholly below the recovery point (their bytes were fsynced).
 *
 * <p>Replacement ({@link #replace}): under the log's write lock, so no append, roll, retention,
 * truncation or DeleteRecords interleaves, the old segment is checked to be the very one that
 * was cleaned (same object, same size) — else the copy is dropped — and the copy is committed and
 * installed by {@link CleanedSegmentSwap}; the map entry changes under the swap lock's write
 * side, so reads see the old segment or the new one whole. Offsets never change.
 *
 * <p>Thread-safety: any thread; one cleaner per log at a time (the cleaner's scheduling).
 */
public final class LogCleaning {

    private static final String CHECKPOINT_FILE = "cleaner-offset-checkpoint";

    /** One closed segment as the cleaner saw it. */
    public record SegmentInfo(long baseOffset, long nextOffset, int sizeInBytes, long maxTimestamp, long generation) {
    }

    private final PartitionLog log;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final ReentrantLock writeLock;
    private final ReentrantReadWriteLock swapLock;
    private final FileHandles files;
    private final Clock clock;
    private final OffsetCheckpoint checkpoint;
    /** Unknown until the first cleaning since the log was opened: a cleaned log is then due once to find out. */
    private volatile long nextDeleteHorizonMs = Long.MIN_VALUE;
    private volatile CleanedSegmentSwap.StepListener stepListener = CleanedSegmentSwap.StepListener.NONE;

    LogCleaning(PartitionLog log, ConcurrentSkipListMap<Long, Segment> segments, ReentrantLock writeLock,
                ReentrantReadWriteLock swapLock, FileHandles files, Clock clock) {
        this.log = log;
        this.segments = segments;
        this.writeLock = writeLock;
        this.swapLock = swapLock;
        this.files = files;
        this.clock = clock;
        this.checkpoint = new OffsetCheckpoint(log.dir().resolve(CHECKPOINT_FILE));
    }

    /**
     * The closed segments, oldest first, that lie wholly below both {@code highWatermark} and the
     * recovery point; a segment's range ends where the next one begins.
     */
    public List<SegmentInfo> cleanableSegments(long highWatermark) {
        writeLock.lock();
        try {
            if (log.isClosed()) {
                return List.of();
            }
            long limit = Math.min(highWatermark, log.recoveryPoint());
            List<Segment> all = List.copyOf(segments.values());
            List<SegmentInfo> cleanable = new ArrayList<>();
            for (int i = 0; i + 1 < all.size(); i++) {
                Segment segment = all.get(i);
                long rangeEnd = all.get(i + 1).baseOffset();
                if (rangeEnd > limit) {
                    break;
                }
                cleanable.add(new SegmentInfo(segment.baseOffset(), rangeEnd, segment.size(), segment.maxTimestamp(),
                        segment.generation()));
            }
            return cleanable;
        } finally {
            writeLock.unlock();
        }
    }

    /** Where the last cleaning ended (offsets below it were cleaned), at least the log start offset. */
    public long firstDirtyOffset() {
        OptionalLong stored = checkpoint.read();
        return Math.max(log.logStartOffset(), stored.orElse(0L));
    }

    /** Records that every offset below {@code offset} has been cleaned (fsynced; written after the swaps). */
    public void checkpointFirstDirtyOffset(long offset) throws IOException {
        checkpoint.write(offset);
    }

    /**
     * When the earliest tombstone kept by the last cleaning may be dropped (its batch's delete
     * horizon): the cleaner takes the log again then even without new records. Long.MAX_VALUE when
     * no tombstone is kept; Long.MIN_VALUE before the first cleaning since the log was opened.
     */
    public long nextDeleteHorizonMs() {
        return nextDeleteHorizonMs;
    }

    public void nextDeleteHorizonMs(long horizonMs) {
        this.nextDeleteHorizonMs = horizonMs;
    }

    /** Each idempotent producer's last offset: the cleaner keeps the record there, so its sequence survives. */
    public Map<Long, Long> producerLastOffsets() {
        writeLock.lock();
        try {
            return log.producerLastOffsets();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whole batches of the segment from byte {@code position}, at least one, up to about
     * {@code maxBytes}; empty at its end.
     *
     * @throws IOException when the segment is no longer the one described (deleted, replaced)
     */
    public ByteBuffer read(SegmentInfo segment, int position, int maxBytes) throws IOException {
        swapLock.readLock().lock();
        try {
            Segment current = current(segment);
            return current.readAtPosition(position, Math.min(maxBytes, segment.sizeInBytes() - position));
        } finally {
            swapLock.readLock().unlock();
        }
    }

    /** A new, empty cleaned copy of {@code segment}, written beside it under the {@code .cleaned} suffix. */
    public CleanedSegment startCleaned(SegmentInfo segment) throws IOException {
        Segment copy = Segment.createCleaned(log.dir(), segment.baseOffset(), files, log.config(), clock.millis());
        return new CleanedSegment(log.dir(), copy, segment);
    }

    /**
     * Puts the cleaned copy in the place of the segment it was made from, crash-safely. Returns
     * false (and deletes the copy) when that segment changed meanwhile: retention or DeleteRecords
     * deleted it, a truncation cut it, or the log was closed.
     *
     * @throws StrataException STORAGE_ERROR when the swap failed half-way; the log is closed then
     *                         and its next open finishes or undoes the swap
     */
    public boolean replace(CleanedSegment cleaned) throws IOException {
        Path dir = log.dir();
        long base = cleaned.baseOffset();
        CleanedSegmentSwap.prepare(dir, cleaned.segment(), stepListener);
        writeLock.lock();
        try {
            if (!stillInPlace(cleaned.original())) {
                cleaned.abort();
                return false;
            }
            cleaned.markFinished();
            CleanedSegmentSwap.commit(dir, base, stepListener);
            swapIn(cleaned.original(), base);
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void swapIn(SegmentInfo original, long base) {
        Segment old = segments.get(base);
        swapLock.writeLock().lock();
        try {
            forget(old);
            CleanedSegmentSwap.install(log.dir(), base, stepListener);
            forget(old);
            segments.put(base, Segment.open(log.dir(), base, files, log.config(), true));
        } catch (IOException | RuntimeException e) {
            log.closeAfterFailedSwap();
            throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot swap the cleaned copy of " + original + " into "
                    + log.dir() + " (the log is closed; reopening it finishes the swap): " + e.getMessage(), e);
        } finally {
            swapLock.writeLock().unlock();
        }
    }

    private boolean stillInPlace(SegmentInfo original) {
        if (log.isClosed()) {
            return false;
        }
        Segment current = segments.get(original.baseOffset());
        return current != null && current.generation() == original.generation() && current.size() == original.sizeInBytes()
                && current != segments.lastEntry().getValue();
    }

    private Segment current(SegmentInfo segment) throws IOException {
        Segment current = segments.get(segment.baseOffset());
        if (current == null || current.generation() != segment.generation() || log.isClosed()) {
            throw new IOException("segment " + segment + " of " + log.dir() + " is gone or was replaced");
        }
        return current;
    }

    private void forget(Segment segment) {
        files.forget(segment.logPath());
        files.forget(segment.offsetIndexPath());
        files.forget(segment.timeIndexPath());
    }

    /** Tests stop a swap at a step, or copy the directory there, as a crash would leave it. */
    void stepListener(CleanedSegmentSwap.StepListener listener) {
        this.stepListener = listener;
    }
}
