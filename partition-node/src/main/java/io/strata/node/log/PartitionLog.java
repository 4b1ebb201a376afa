package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The log of one partition replica: a directory ({@code <topic>-<partition>}) of {@link Segment}s
 * named by base offset, the last of which takes appends, a {@code recovery-point} file and a
 * {@code log-start-offset} file.
 *
 * <p>Invariants: {@code logStartOffset} lies in the first segment (from its base offset to its
 * end): retention moves it to a segment boundary, DeleteRecords ({@link #maybeIncrementLogStartOffset})
 * anywhere up to the high watermark (retention too stops there), and it never goes back except
 * when the log starts over;
 * no offset below it is ever read, even where its batch is still on disk, and a start moved
 * inside a segment is fsynced to {@code log-start-offset} before anyone sees it, so a restart
 * cannot bring deleted records back;
 * {@code logStartOffset ≤ recoveryPoint ≤ logEndOffset}; every offset below the recovery point
 * is fsynced, with its indexes; segments follow each other without overlap and only the last one
 * grows; offsets are assigned densely, so a batch's base offset is the previous batch's last + 1.
 *
 * <p>Every batch in the log passed {@link BatchStructure} (CRC, record count = last offset delta
 * + 1 ≥ 1) before it was written: a leader's append also passed {@link LeaderBatchCheck} (every
 * record decoded, timestamps bounded, see {@link ValidatedBatches}); a follower's append is
 * checked for structure and for continuing this log exactly. So the log end only ever grows by
 * the records appended, and recovery, which applies the same structure check, never meets a
 * batch that an append accepted and then truncates at it.
 *
 * <p>Crash safety: on open, segments at or after the recovery point are scanned batch by batch
 * (structure and CRC checked, offsets dense), a torn or corrupt tail is truncated at the last
 * valid batch, later segments are dropped, and indexes are rebuilt; appends then continue at the
 * right offset: the log end offset is the last kept batch's last offset + 1.
 *
 * <p>Idempotent producers: a {@link ProducerStateManager} keeps each producer's epoch and last
 * batches, updated by every append (leader or follower) in log order. A leader append checks the
 * producer sequences under the write lock before writing: retries of batches the log holds are
 * answered with their original offsets and not written again; gaps and stale epochs are refused.
 * The state is rebuilt on open from the newest {@link ProducerSnapshots snapshot} (written at each
 * segment roll and on close) plus the batch headers after it — after a clean stop nothing, after a
 * crash at most the active segment's headers (one read per 64 KiB of small batches), and without a
 * usable snapshot the whole log's. Truncation rebuilds it the same way; retention forgets the
 * producers whose batches are all gone.
 *
 * <p>Compaction: a log whose {@code cleanup.policy} includes {@code compact} gets a
 * {@code compacted} marker file (kept even if the policy changes back): from then on its batches
 * need only ascend, not follow densely, because the log cleaner ({@link LogCleaning}) removes
 * superseded records and followers copy the gaps. Offsets never change. A segment replaced by its
 * cleaned copy is swapped under {@code swapLock}'s write side, which every read holds the read
 * side of: a read sees either the old segment or the cleaned one, never a mixture, and a crash
 * mid-swap is finished or undone on open ({@link CleanedSegmentSwap}).
 *
 * <p>Thread-safety: one writer at a time. Appends, rolls, retention, flushes and closing hold
 * {@code writeLock}: a plain lock because appends to one partition are serialised anyway by their
 * offsets, and validation (the CPU-heavy part: CRCs) runs before it is taken. Reads take no lock:
 * they walk the concurrent segment map and see the volatile end offsets, published after the bytes.
 */
public final class PartitionLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());
    private static final String RECOVERY_POINT_FILE = "recovery-point";
    private static final String LOG_START_OFFSET_FILE = "log-start-offset";
    private static final String COMPACTED_MARKER_FILE = "compacted";

    private final Path dir;
    private final FileHandles files;
    private final Clock clock;
    private final OffsetCheckpoint recoveryCheckpoint;
    private final OffsetCheckpoint logStartCheckpoint;
    private LeaderEpochCache epochs;
    private ProducerSnapshots producerSnapshots;
    private final ProducerStateManager producers;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantReadWriteLock swapLock = new ReentrantReadWriteLock();
    private final LogCleaning cleaning;
    private final LogReads reads;

    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile long recoveryPoint;
    private volatile boolean closed;
    private volatile boolean offsetGapsAllowed;
    private long unflushedRecords;
    private long lastFlushMs;

    private PartitionLog(Path dir, LogConfig config, FileHandles files, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.files = files;
        this.clock = clock;
        this.recoveryCheckpoint = new OffsetCheckpoint(dir.resolve(RECOVERY_POINT_FILE));
        this.logStartCheckpoint = new OffsetCheckpoint(dir.resolve(LOG_START_OFFSET_FILE));
        this.producers = new ProducerStateManager(dir.getFileName().toString());
        this.lastFlushMs = clock.millis();
        this.cleaning = new LogCleaning(this, segments, writeLock, swapLock, files, clock);
        this.reads = new LogReads(this, segments);
    }

    /** Opens (creating if needed) the log in {@code dir}, recovering whatever was not flushed. */
    public static PartitionLog open(Path dir, LogConfig config, FileHandles files, Clock clock) throws IOException {
        Files.createDirectories(dir);
        PartitionLog log = new PartitionLog(dir, config, files, clock);
        log.load();
        return log;
    }

    private void load() throws IOException {
        epochs = LeaderEpochCache.open(dir);
        maybeAllowOffsetGaps(config);
        CleanedSegmentSwap.recover(dir);
        List<Long> baseOffsets = LogDirectory.scan(dir);
        long checkpoint = recoveryCheckpoint.read().orElse(0L);
        for (long baseOffset : baseOffsets) {
            Segment segment = baseOffset >= checkpoint
                    ? Segment.recover(dir, baseOffset, files, config, offsetGapsAllowed)
                    : Segment.open(dir, baseOffset, files, config, offsetGapsAllowed);
            if (segment.nextOffset() > checkpoint && baseOffset < checkpoint) {
                segment = Segment.recover(dir, baseOffset, files, config, offsetGapsAllowed);
            }
            segments.put(baseOffset, segment);
        }
        LogDirectory.dropSegmentsAfterHole(segments, offsetGapsAllowed);
        if (segments.isEmpty()) {
            segments.put(0L, newSegment(0));
        }
        logStartOffset = segments.firstKey();
        logEndOffset = segments.lastEntry().getValue().nextOffset();
        recoveryPoint = Math.max(logStartOffset, Math.min(checkpoint, logEndOffset));
        epochs.truncateFromEnd(logEndOffset);
        if (recoveryPoint < logEndOffset) {
            flushSegments();
        }
        producerSnapshots = ProducerSnapshots.open(dir);
        long deletedBefore = logStartCheckpoint.read().orElse(logStartOffset);
        if (deletedBefore > logEndOffset) {
            // A crash lost a tail DeleteRecords had deleted anyway: the log starts over, empty, there.
            LOG.log(System.Logger.Level.WARNING, dir + " ends at " + logEndOffset + ", below its log start offset "
                    + deletedBefore + ": starting over there");
            restartAt(deletedBefore);
        } else if (deletedBefore > logStartOffset) {
            logStartOffset = deletedBefore;
            recoveryPoint = Math.max(recoveryPoint, logStartOffset);
            epochs.truncateFromStart(logStartOffset);
        }
        loadProducerState();
    }

    /**
     * Rebuilds the producer state of the log as it stands: the newest intact snapshot at or below
     * the log end, then the headers of the batches after it. Snapshots above the log end describe
     * batches that are gone (a crash lost them, or a truncation cut them) and are deleted first.
     */
    private void loadProducerState() throws IOException {
        producerSnapshots.deleteAfter(logEndOffset);
        Optional<ProducerSnapshots.Loaded> snapshot = producerSnapshots.latest(logEndOffset);
        producers.load(snapshot.map(ProducerSnapshots.Loaded::entries).orElse(List.of()));
        long from = Math.max(logStartOffset, snapshot.map(ProducerSnapshots.Loaded::offset).orElse(logStartOffset));
        Long first = segments.floorKey(from);
        for (Segment segment : segments.tailMap(first == null ? segments.firstKey() : first).values()) {
            segment.forEachProducerBatch(from, producers::update);
        }
        producers.removeBefore(logStartOffset);
    }

    // ---- appends ----------------------------------------------------------------------------

    /**
     * Validates record batches from a producer, gives them the next offsets and the leader epoch,
     * and appends them. A refused append (corrupt, too large, lying about its fields, timestamps
     * out of bounds, full disk) leaves the log unchanged.
     *
     * @param records RecordBatch v2 bytes, back to back; rewritten in place (offsets, epoch)
     */
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) {
        LogConfig current = config;
        ValidatedBatches batches = ValidatedBatches.validate(records, ProduceLimits.of(current, clock.millis()));
        writeLock.lock();
        try {
            ensureOpen();
            DuplicateBatches duplicates = batches.hasProducerIds()
                    ? producers.checkLeaderAppend(batches.producerBatches(), logStartOffset > 0) : DuplicateBatches.NONE;
            if (duplicates.count() == batches.batchCount()) {
                return new AppendResult(duplicates.original(0).firstOffset(),
                        duplicates.original(batches.batchCount() - 1).lastOffset(), 0, 0, logStartOffset);
            }
            ValidatedBatches fresh = duplicates.count() == 0 ? batches : batches.without(duplicates);
            Segment active = maybeRoll(fresh.sizeInBytes(), fresh.recordCount());
            long firstOffset = logEndOffset;
            List<BatchHeader> headers = fresh.assignOffsets(firstOffset, leaderEpoch, clock.millis());
            write(active, fresh, headers, current);
            int last = batches.batchCount() - 1;
            return new AppendResult(duplicates.isDuplicate(0) ? duplicates.original(0).firstOffset() : firstOffset,
                    duplicates.isDuplicate(last) ? duplicates.original(last).lastOffset() : logEndOffset - 1,
                    fresh.recordCount(), fresh.sizeInBytes(), logStartOffset);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Appends batches a leader already validated and numbered, byte for byte, as a follower
     * does: their structure and CRC are checked again (a batch damaged in transit or by a faulty
     * leader is refused with CORRUPT_MESSAGE), their offsets must continue this log exactly, and
     * their leader epochs extend the epoch cache. Timestamp bounds do not apply (as in Kafka).
     *
     * @throws StrataException OFFSET_OUT_OF_RANGE when the batches do not start at the log end
     */
    public AppendResult appendAsFollower(ByteBuffer records) {
        ValidatedBatches batches = ValidatedBatches.validateReplicated(records);
        List<BatchHeader> headers = batches.headers();
        writeLock.lock();
        try {
            ensureOpen();
            long expected = logEndOffset;
            for (BatchHeader header : headers) {
                // A compacting leader's log has gaps the cleaner left; a follower copies them.
                boolean continues = offsetGapsAllowed ? header.baseOffset() >= expected : header.baseOffset() == expected;
                if (!continues) {
                    throw new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "a replicated batch starts at offset "
                            + header.baseOffset() + " but this log continues at " + expected + " (" + dir + ")");
                }
                expected = header.nextOffset();
            }
            Segment active = maybeRoll(batches.sizeInBytes(), batches.recordCount());
            write(active, batches, headers, config);
            return new AppendResult(headers.get(0).baseOffset(), logEndOffset - 1, batches.recordCount(),
                    batches.sizeInBytes(), logStartOffset);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Records the batches' epochs, writes them, records their producers, publishes the new end,
     * and flushes if due. Under the write lock.
     */
    private void write(Segment active, ValidatedBatches batches, List<BatchHeader> headers, LogConfig current) {
        try {
            for (BatchHeader header : headers) {
                epochs.assign(header.leaderEpoch(), header.baseOffset());
            }
            active.append(batches.buffer(), headers);
        } catch (IOException e) {
            throw storageError("cannot append to " + active.logPath(), e);
        }
        if (batches.hasProducerIds()) {
            batches.producerBatches().forEach(producers::update);
        }
        logEndOffset = active.nextOffset();
        unflushedRecords += batches.recordCount();
        if (unflushedRecords >= current.flushMessages()) {
            flushSegments();
        }
    }

    /**
     * Removes every record at or after {@code offset} (whole batches: the log may end below it),
     * as a follower does with a tail its new leader never had.
     */
    public void truncateTo(long offset) {
        writeLock.lock();
        try {
            ensureOpen();
            if (offset >= logEndOffset) {
                return;
            }
            if (offset <= logStartOffset) {
                restartAt(logStartOffset);
                return;
            }
            for (Segment segment : List.copyOf(segments.tailMap(offset, true).values())) {
                if (segment.baseOffset() > segments.firstKey()) {
                    segments.remove(segment.baseOffset());
                    segment.delete();
                }
            }
            Segment last = segments.lastEntry().getValue();
            last.truncateTo(offset);
            logEndOffset = last.nextOffset();
            afterTruncation();
            loadProducerState();
        } catch (IOException e) {
            throw storageError("cannot truncate " + dir + " to offset " + offset, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Deletes everything and starts over, empty, at {@code offset}: for a follower whose leader
     * no longer has the offsets it would fetch next (they fell to retention).
     */
    public void truncateFullyAndStartAt(long offset) {
        writeLock.lock();
        try {
            ensureOpen();
            restartAt(offset);
        } catch (IOException e) {
            throw storageError("cannot restart " + dir + " at offset " + offset, e);
        } finally {
            writeLock.unlock();
        }
    }

    private void restartAt(long offset) throws IOException {
        for (Segment segment : List.copyOf(segments.values())) {
            segments.remove(segment.baseOffset());
            segment.delete();
        }
        segments.put(offset, newSegment(offset));
        logStartCheckpoint.write(offset);
        logStartOffset = offset;
        logEndOffset = offset;
        recoveryPoint = offset;
        epochs.truncateFromEnd(Long.MIN_VALUE);
        producers.clear();
        producerSnapshots.deleteAll();
        afterTruncation();
    }

    private void afterTruncation() throws IOException {
        epochs.truncateFromEnd(logEndOffset);
        if (recoveryPoint > logEndOffset || !Files.exists(dir.resolve(RECOVERY_POINT_FILE))) {
            recoveryPoint = logEndOffset;
            recoveryCheckpoint.write(recoveryPoint);
        }
        unflushedRecords = 0;
    }

    /** This log's leader starts a new epoch at the current log end (its first append may come later). */
    public void recordLeaderEpoch(int epoch) {
        writeLock.lock();
        try {
            ensureOpen();
            epochs.assign(epoch, logEndOffset);
        } catch (IOException e) {
            throw storageError("cannot record leader epoch " + epoch + " in " + dir, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** The newest leader epoch that wrote to this log, or -1. */
    public int latestEpoch() {
        return epochs.latestEpoch();
    }

    /** Where {@code epoch} ends in this log (Kafka's OffsetsForLeaderEpoch), for a follower's truncation. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return epochs.endOffsetFor(epoch, logEndOffset);
    }

    /** The segment the next append goes to: a new one when the active one is full or old enough. */
    private Segment maybeRoll(int incomingBytes, int incomingRecords) {
        Segment active = segments.lastEntry().getValue();
        if (active.isEmpty() || !mustRoll(active, incomingBytes, incomingRecords)) {
            return active;
        }
        try {
            active.writeIndexes();
            maybeSnapshotProducers();
            Segment next = newSegment(logEndOffset);
            segments.put(next.baseOffset(), next);
            return next;
        } catch (IOException e) {
            throw storageError("cannot roll a new segment at offset " + logEndOffset + " in " + dir, e);
        }
    }

    /**
     * Snapshots the producer state at the log end, so that reopening replays only the batches
     * after it. Best effort: without it, opening replays from an older snapshot or the log start.
     */
    private void maybeSnapshotProducers() {
        try {
            producerSnapshots.write(logEndOffset, producers.entries());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot snapshot the producer state of " + dir + " at offset "
                    + logEndOffset + ": " + describe(e));
        }
    }

    private boolean mustRoll(Segment active, int incomingBytes, int incomingRecords) {
        LogConfig current = config;
        return (long) active.size() + incomingBytes > current.segmentBytes()
                || clock.millis() - active.createdMs() >= current.segmentMs()
                || active.indexIsFull()
                || logEndOffset + incomingRecords - active.baseOffset() > Integer.MAX_VALUE;
    }

    // ---- reads ------------------------------------------------------------------------------

    /** Whole batches from the one holding {@code offset}, up to the log end offset. */
    public LogReadResult read(long offset, int maxBytes) {
        return read(offset, maxBytes, Long.MAX_VALUE);
    }

    /**
     * Whole batches from the one holding {@code offset}: as many as fit in {@code maxBytes} but at
     * least one, none reaching {@code maxOffset} (the high watermark, for consumers).
     *
     * @throws StrataException OFFSET_OUT_OF_RANGE when the offset is outside the log
     */
    public LogReadResult read(long offset, int maxBytes, long maxOffset) {
        return underSwapLock(() -> reads.read(offset, maxBytes, maxOffset));
    }

    /** As {@link #read(long, int, long)}, the batches' place in a file kept open until the slice is closed ({@link LogSlice}). */
    public LogSlice readSlice(long offset, int maxBytes, long maxOffset) {
        return underSwapLock(() -> reads.readSlice(offset, maxBytes, maxOffset));
    }

    /** The largest record timestamp in the log (Kafka's ListOffsets MAX_TIMESTAMP), or −1 when it has no records. */
    public long maxTimestamp() {
        return segments.values().stream().mapToLong(Segment::maxTimestamp).reduce(-1, Math::max);
    }

    /**
     * The first record with a timestamp at or after {@code timestamp}, or empty when there is none.
     * Uses the segments' largest timestamps to skip whole segments and the time index within one.
     */
    public Optional<TimestampOffset> offsetForTimestamp(long timestamp) {
        return underSwapLock(() -> reads.offsetForTimestamp(timestamp));
    }

    /** A read under the swap lock's read side: no cleaned segment replaces one while it looks. */
    private <T> T underSwapLock(Supplier<T> read) {
        swapLock.readLock().lock();
        try {
            return read.get();
        } finally {
            swapLock.readLock().unlock();
        }
    }

    // ---- retention and flushing ---------------------------------------------------------------

    /**
     * Deletes the oldest closed segments while they are past {@code retention.ms} (by their largest
     * record timestamp) or the log is larger than {@code retention.bytes} without them, only wholly
     * below {@code highWatermark} (Kafka's rule: the log start never passes the high watermark);
     * never the active segment. The log start offset moves to the first segment left.
     *
     * @return how many segments were deleted
     */
    public int maybeApplyRetention(long highWatermark) {
        writeLock.lock();
        try {
            ensureOpen();
            List<Segment> expired = Retention.expired(segments.values(), config, clock.millis(), sizeInBytes(), highWatermark);
            for (Segment segment : expired) {
                segments.remove(segment.baseOffset());
                logStartOffset = Math.max(logStartOffset, segments.firstKey());
            }
            if (!expired.isEmpty()) {
                deleteSegments(expired);
            }
            return expired.size();
        } catch (IOException e) {
            throw storageError("cannot delete expired segments of " + dir, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Kafka's DeleteRecords: moves the log start offset up to {@code offset} (fsynced before it takes
     * effect) and deletes the segments wholly below it; the caller keeps it at or below the high watermark.
     *
     * @return whether the log start offset moved
     * @throws StrataException OFFSET_OUT_OF_RANGE when {@code offset} is past the log end
     */
    public boolean maybeIncrementLogStartOffset(long offset) {
        writeLock.lock();
        try {
            ensureOpen();
            if (offset <= logStartOffset) {
                return false;
            }
            if (offset > logEndOffset) {
                throw outOfRange(offset, logStartOffset, logEndOffset);
            }
            logStartCheckpoint.write(offset);
            logStartOffset = offset;
            List<Segment> below = new ArrayList<>();
            Segment active = segments.lastEntry().getValue();
            for (Segment segment : segments.values()) {
                if (segment == active || segment.nextOffset() > offset) {
                    break;
                }
                below.add(segment);
            }
            below.forEach(segment -> segments.remove(segment.baseOffset()));
            deleteSegments(below);
            return true;
        } catch (IOException e) {
            throw storageError("cannot move the log start offset of " + dir + " to " + offset, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Deletes segments already taken out of the map, and what the log kept about their offsets. */
    private void deleteSegments(List<Segment> removed) throws IOException {
        recoveryPoint = Math.max(recoveryPoint, logStartOffset);
        for (Segment segment : removed) {
            segment.delete();
        }
        epochs.truncateFromStart(logStartOffset);
        producers.removeBefore(logStartOffset);
        producerSnapshots.deleteBefore(logStartOffset);
    }

    /** Fsyncs what {@code flush.ms} says is due, and segments closed since the last flush. */
    public void maybeFlush() {
        writeLock.lock();
        try {
            ensureOpen();
            boolean due = clock.millis() - lastFlushMs >= config.flushMs() && recoveryPoint < logEndOffset;
            if (due) {
                flushSegments();
            } else if (recoveryPoint < segments.lastKey()) {
                flushClosedSegments();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Makes everything appended so far durable and moves the recovery point to the log end. */
    public void flush() {
        writeLock.lock();
        try {
            ensureOpen();
            flushSegments();
        } finally {
            writeLock.unlock();
        }
    }

    private void flushSegments() {
        try {
            for (Segment segment : unflushed()) {
                segment.flush();
            }
            advanceRecoveryPoint(logEndOffset);
        } catch (IOException e) {
            throw storageError("cannot flush " + dir, e);
        }
    }

    /** Fsyncs segments that rolled since the last flush (their data no longer changes). */
    private void flushClosedSegments() {
        try {
            Segment active = segments.lastEntry().getValue();
            for (Segment segment : unflushed()) {
                if (segment != active) {
                    segment.flush();
                }
            }
            advanceRecoveryPoint(active.baseOffset());
        } catch (IOException e) {
            throw storageError("cannot flush " + dir, e);
        }
    }

    private Collection<Segment> unflushed() {
        Long from = segments.floorKey(recoveryPoint);
        return (from == null ? segments : segments.tailMap(from)).values();
    }

    private void advanceRecoveryPoint(long offset) throws IOException {
        if (offset > recoveryPoint || !Files.exists(dir.resolve(RECOVERY_POINT_FILE))) {
            recoveryCheckpoint.write(offset);
            recoveryPoint = offset;
        }
        unflushedRecords = logEndOffset - recoveryPoint;
        lastFlushMs = clock.millis();
    }

    // ---- life cycle and state ---------------------------------------------------------------

    /**
     * Applies new settings from the next roll, retention, flush or cleaning decision on. A log that
     * starts to compact accepts offset gaps from then on (its marker file is written first).
     */
    public void updateConfig(LogConfig config) {
        writeLock.lock();
        try {
            maybeAllowOffsetGaps(config);
        } catch (IOException e) {
            throw storageError("cannot mark " + dir + " as compacted", e);
        } finally {
            writeLock.unlock();
        }
        this.config = config;
    }

    /** Writes the {@code compacted} marker (fsynced) when the log compacts or did before; under the write lock or while opening. */
    private void maybeAllowOffsetGaps(LogConfig newConfig) throws IOException {
        if (offsetGapsAllowed) {
            return;
        }
        Path marker = dir.resolve(COMPACTED_MARKER_FILE);
        if (newConfig.compacts() && !Files.exists(marker)) {
            Files.createFile(marker);
            CleanedSegmentSwap.fsyncDirectory(dir);
        }
        if (Files.exists(marker)) {
            offsetGapsAllowed = true;
            segments.values().forEach(Segment::allowOffsetGaps);
        }
    }

    private Segment newSegment(long baseOffset) throws IOException {
        return Segment.create(dir, baseOffset, files, config, clock.millis(), offsetGapsAllowed);
    }

    /** What the log cleaner works on: the segments it may rewrite and the swap of a cleaned copy. */
    public LogCleaning cleaning() {
        return cleaning;
    }

    // ---- for LogCleaning (same package) ----

    boolean isClosed() {
        return closed;
    }

    /** Each idempotent producer's last batch's last offset (the cleaner keeps that batch's last record); under the write lock. */
    Map<Long, Long> producerLastOffsets() {
        Map<Long, Long> last = new HashMap<>();
        for (ProducerStateEntry entry : producers.entries()) {
            last.put(entry.producerId(), entry.lastOffset());
        }
        return last;
    }

    /** A swap failed half-way: nothing more is served until the log is reopened, whose recovery finishes it. */
    void closeAfterFailedSwap() {
        closed = true;
    }

    /** Rolls the active segment once it is {@code segment.ms} old even without an append, so that it becomes cleanable. */
    public void maybeRollForTime() {
        writeLock.lock();
        try {
            ensureOpen();
            Segment active = segments.lastEntry().getValue();
            if (!active.isEmpty() && clock.millis() - active.createdMs() >= config.segmentMs()) {
                maybeRoll(Integer.MAX_VALUE, 0);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Flushes everything (so the next open need not recover) and releases the log's files. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                segments.lastEntry().getValue().writeIndexes();
                flushSegments();
                maybeSnapshotProducers();
            } catch (IOException | StrataException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + dir + " without a final flush; it recovers on next open", e);
            }
            closed = true;
            segments.values().forEach(Segment::close);
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the log and removes its directory with every file in it. */
    public void delete() throws IOException {
        writeLock.lock();
        try {
            closed = true;
            for (Segment segment : segments.values()) {
                segment.delete();
            }
            segments.clear();
            try (Stream<Path> leftovers = Files.list(dir)) {
                for (Path path : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(path);
                }
            }
            Files.deleteIfExists(dir);
        } finally {
            writeLock.unlock();
        }
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Every offset below this one is on disk (fsynced). */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    public long sizeInBytes() {
        long bytes = 0;
        for (Segment segment : segments.values()) {
            bytes += segment.size();
        }
        return bytes;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return List.copyOf(segments.keySet());
    }

    /** What this log knows of an idempotent producer (for tests and diagnostics). */
    Optional<ProducerStateEntry> producerState(long producerId) {
        writeLock.lock();
        try {
            return producers.producer(producerId);
        } finally {
            writeLock.unlock();
        }
    }

    /** The offsets of the producer state snapshots on disk (for tests). */
    List<Long> producerSnapshotOffsets() {
        writeLock.lock();
        try {
            return producerSnapshots.offsets();
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StrataException(ErrorCode.REPLICA_NOT_AVAILABLE, "the log in " + dir + " is closed");
        }
    }

    static StrataException outOfRange(long offset, long start, long end) {
        return new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE,
                "offset " + offset + " is outside the log: valid offsets are " + start + " to " + end);
    }

    static StrataException storageError(String what, IOException cause) {
        return new StrataException(ErrorCode.STORAGE_ERROR, what + ": " + describe(cause), cause);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
