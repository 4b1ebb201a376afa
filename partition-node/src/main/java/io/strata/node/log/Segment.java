package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One stretch of a partition log: record batches back to back in {@code <base offset>.log} (20
 * digits, zero-padded), with an {@link OffsetIndex} and a {@link TimeIndex} beside it.
 *
 * <p>Invariants: the bytes in {@code [0, size)} are whole RecordBatch v2 batches with increasing
 * offsets, the first at or after {@code baseOffset}; {@code nextOffset} is one past the last
 * batch's last offset ({@code baseOffset} when empty); index entries point at batch starts below
 * {@code size}. Recovery re-establishes all of this for a segment that was not flushed: it keeps
 * the longest prefix of batches that are whole, pass {@link BatchStructure} (CRC, record count =
 * last offset delta + 1 ≥ 1) and continue the offsets densely from {@code baseOffset}, and
 * truncates the rest. An append asserts the same continuity before writing a byte.
 *
 * <p>Offset gaps: in a log that compacts (see {@link PartitionLog}), the log cleaner removes
 * records and a follower copies the gaps it left, so batches need only ascend: each starts
 * above the previous one's last offset. Such a segment is made with {@code offsetGapsAllowed};
 * recovery and appends then check "ascending" instead of "dense". A cleaned segment is first
 * written under the {@code .cleaned} suffix ({@link #createCleaned}) and renamed into place by
 * {@link CleanedSegmentSwap}.
 *
 * <p>Thread-safety: appends, recovery, truncation and closing run only on the owning log's writer
 * (under its lock). Reads may run at any time: they see only bytes below the published
 * {@code size}, which is written after the bytes themselves.
 */
final class Segment {

    private static final System.Logger LOG = System.getLogger(Segment.class.getName());
    private static final int SCAN_CHUNK_BYTES = 64 * 1024;

    private final long baseOffset;
    private final Path logPath;
    private final FileHandles files;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private final long createdMs;
    private volatile boolean offsetGapsAllowed;
    private boolean truncatedByRecovery;

    private static final AtomicLong GENERATIONS = new AtomicLong();

    /** Tells this segment object from any other ever made in this process (a cleaner checks it is still in the log). */
    private final long generation = GENERATIONS.incrementAndGet();
    private volatile int size;
    private volatile long nextOffset;
    private volatile long maxTimestamp = RecordBatch.NO_TIMESTAMP;
    private int bytesSinceIndexEntry;
    private long lastBatchBaseOffset = -1;
    private long indexedMaxTimestamp = RecordBatch.NO_TIMESTAMP;

    private Segment(Path dir, long baseOffset, FileHandles files, LogConfig config, long createdMs,
                    boolean offsetGapsAllowed, String fileSuffix) throws IOException {
        this.baseOffset = baseOffset;
        this.files = files;
        this.logPath = dir.resolve(fileName(baseOffset, ".log") + fileSuffix);
        this.offsetIndex = new OffsetIndex(dir.resolve(fileName(baseOffset, ".index") + fileSuffix), files, baseOffset,
                config.segmentIndexBytes());
        this.timeIndex = new TimeIndex(dir.resolve(fileName(baseOffset, ".timeindex") + fileSuffix), files, baseOffset,
                config.segmentIndexBytes());
        this.indexIntervalBytes = config.indexIntervalBytes();
        this.createdMs = createdMs;
        this.nextOffset = baseOffset;
        this.offsetGapsAllowed = offsetGapsAllowed;
    }

    /** A new, empty segment starting at {@code baseOffset}. */
    static Segment create(Path dir, long baseOffset, FileHandles files, LogConfig config, long nowMs,
                          boolean offsetGapsAllowed) throws IOException {
        return createWithSuffix(dir, baseOffset, files, config, nowMs, offsetGapsAllowed, "");
    }

    /**
     * A new, empty segment whose files carry the {@code .cleaned} suffix: the log cleaner's copy
     * of the segment at {@code baseOffset}, which takes batches with offset gaps.
     */
    static Segment createCleaned(Path dir, long baseOffset, FileHandles files, LogConfig config, long nowMs)
            throws IOException {
        return createWithSuffix(dir, baseOffset, files, config, nowMs, true, CleanedSegmentSwap.CLEANED);
    }

    private static Segment createWithSuffix(Path dir, long baseOffset, FileHandles files, LogConfig config, long nowMs,
                                            boolean offsetGapsAllowed, String fileSuffix) throws IOException {
        for (String suffix : new String[] {".log", ".index", ".timeindex"}) {
            Path path = dir.resolve(fileName(baseOffset, suffix) + fileSuffix);
            files.forget(path);
            Files.deleteIfExists(path);
        }
        Files.createFile(dir.resolve(fileName(baseOffset, ".log") + fileSuffix));
        return new Segment(dir, baseOffset, files, config, nowMs, offsetGapsAllowed, fileSuffix);
    }

    /**
     * An existing segment whose bytes were flushed before a clean stop or an earlier recovery
     * point: trusts its contents and indexes, reading only the tail after the last index entry to
     * learn where it ends. Indexes that look damaged are rebuilt by a full {@link #recover()}.
     */
    static Segment open(Path dir, long baseOffset, FileHandles files, LogConfig config, boolean offsetGapsAllowed)
            throws IOException {
        boolean indexFilesPresent = Files.exists(dir.resolve(fileName(baseOffset, ".index")))
                && Files.exists(dir.resolve(fileName(baseOffset, ".timeindex")));
        Segment segment = new Segment(dir, baseOffset, files, config, Files.getLastModifiedTime(
                dir.resolve(fileName(baseOffset, ".log"))).toMillis(), offsetGapsAllowed, "");
        if (!indexFilesPresent || segment.indexesLookDamaged()) {
            LOG.log(System.Logger.Level.WARNING, "rebuilding indexes of " + segment.logPath);
            segment.recover();
        } else {
            segment.loadTail();
        }
        return segment;
    }

    /**
     * An existing segment that may hold a torn or corrupt tail (it was written after the last
     * recovery point): validates every batch, truncates at the first bad one, rebuilds both indexes.
     */
    static Segment recover(Path dir, long baseOffset, FileHandles files, LogConfig config, boolean offsetGapsAllowed)
            throws IOException {
        Segment segment = new Segment(dir, baseOffset, files, config, Files.getLastModifiedTime(
                dir.resolve(fileName(baseOffset, ".log"))).toMillis(), offsetGapsAllowed, "");
        segment.recover();
        return segment;
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    long baseOffset() {
        return baseOffset;
    }

    long generation() {
        return generation;
    }

    long nextOffset() {
        return nextOffset;
    }

    int size() {
        return size;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    long createdMs() {
        return createdMs;
    }

    Path logPath() {
        return logPath;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** From now on batches need only ascend (the log started to compact); never turned off again. */
    void allowOffsetGaps() {
        offsetGapsAllowed = true;
    }

    /** Whether opening this segment cut off a torn or corrupt tail (then later segments cannot follow on). */
    boolean truncatedByRecovery() {
        return truncatedByRecovery;
    }

    Path offsetIndexPath() {
        return offsetIndex.path();
    }

    Path timeIndexPath() {
        return timeIndex.path();
    }

    /** Whether the next append must go to a new segment: the offset index has no room left. */
    boolean indexIsFull() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    /**
     * Appends validated batches whose offsets are assigned. All I/O that can fail happens before
     * the state moves; a failed write is rolled back, so the segment is as before the call.
     */
    void append(ByteBuffer batches, List<BatchHeader> headers) throws IOException {
        checkAppendContinues(batches, headers);
        offsetIndex.reserve();
        timeIndex.reserve();
        int start = size;
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            writeFully(lease.channel(), batches.duplicate(), start);
        }
        size = start + batches.remaining();
        int position = start;
        for (BatchHeader header : headers) {
            indexBatch(header, position);
            position += header.sizeInBytes();
        }
        nextOffset = headers.get(headers.size() - 1).nextOffset();
    }

    /**
     * The invariant of an append: the batches start at this segment's next offset and follow each
     * other densely, each covering at least one offset, and their sizes add up to the bytes given.
     * A caller that breaks it has a bug; writing anyway would reuse or skip offsets, so it throws.
     */
    private void checkAppendContinues(ByteBuffer batches, List<BatchHeader> headers) {
        long expected = nextOffset;
        long bytes = 0;
        for (BatchHeader header : headers) {
            boolean continues = offsetGapsAllowed ? header.baseOffset() >= expected : header.baseOffset() == expected;
            if (!continues || header.lastOffsetDelta() < 0) {
                throw new IllegalStateException("append to " + logPath + " refused: a batch covers offsets "
                        + header.baseOffset() + ".." + header.lastOffset() + " but the segment continues at " + expected
                        + (offsetGapsAllowed ? " (or later)" : ""));
            }
            expected = header.nextOffset();
            bytes += header.sizeInBytes();
        }
        if (headers.isEmpty() || bytes != batches.remaining()) {
            throw new IllegalStateException("append to " + logPath + " at offset " + nextOffset + " refused: "
                    + headers.size() + " batch headers cover " + bytes + " bytes but " + batches.remaining() + " were given");
        }
    }

    private void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        try {
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        } catch (IOException e) {
            rollBack(channel, position, e);
            throw e;
        }
    }

    private void rollBack(FileChannel channel, long position, IOException cause) {
        try {
            channel.truncate(position);
        } catch (IOException truncateFailed) {
            cause.addSuppressed(truncateFailed);
        }
    }

    /** Index maintenance for a batch just written at {@code position} (Kafka's rule: an entry once per interval). */
    private void indexBatch(BatchHeader header, int position) {
        if (header.maxTimestamp() > maxTimestamp) {
            maxTimestamp = header.maxTimestamp();
        }
        lastBatchBaseOffset = header.baseOffset();
        if (bytesSinceIndexEntry >= indexIntervalBytes) {
            offsetIndex.add(header.baseOffset(), position);
            maybeIndexTimestamp();
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += header.sizeInBytes();
    }

    /** Adds a time index entry when the largest timestamp grew since the last one. */
    private void maybeIndexTimestamp() {
        if (maxTimestamp > indexedMaxTimestamp) {
            timeIndex.add(maxTimestamp, lastBatchBaseOffset);
            indexedMaxTimestamp = maxTimestamp;
        }
    }

    /**
     * Whole batches starting with the one that holds {@code offset}: as many as fit in
     * {@code maxBytes}, but always at least one; none whose last offset reaches {@code maxOffset}.
     *
     * @return the bytes read (possibly empty), positioned at 0
     */
    ByteBuffer read(long offset, int maxBytes, long maxOffset) throws IOException {
        int limit = size;
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            FileChannel channel = lease.channel();
            int start = positionOf(channel, offset, limit);
            if (start < 0) {
                return ByteBuffer.allocate(0);
            }
            ByteBuffer window = readAt(channel, start, Math.min(Math.max(maxBytes, BatchHeader.PREFIX_SIZE), limit - start));
            int end = wholeBatchesEnd(window, maxOffset);
            if (end == 0) {
                BatchHeader first = BatchHeader.parse(window, 0);
                if (first.lastOffset() >= maxOffset) {
                    return ByteBuffer.allocate(0);
                }
                return readAt(channel, start, first.sizeInBytes());
            }
            return window.limit(end).slice();
        }
    }

    /**
     * The batches {@link #read} would read, as a place in this file: reads only their headers, and
     * keeps the file open under a lease the caller closes ({@link LogSlice}); null when none.
     */
    SegmentSlice readSlice(long offset, int maxBytes, long maxOffset) throws IOException {
        int limit = size;
        FileHandles.Lease lease = files.acquire(logPath);
        try {
            FileChannel channel = lease.channel();
            int start = positionOf(channel, offset, limit);
            int[] sizes = start < 0 ? new int[0] : batchSizesFrom(channel, start, maxBytes, maxOffset, limit);
            if (sizes.length == 0) {
                lease.close();
                return null;
            }
            return new SegmentSlice(lease, start, sizes);
        } catch (IOException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * The sizes of the whole batches from {@code start} below {@code limit}: as many as fit in
     * {@code maxBytes} but at least one, none whose last offset reaches {@code maxOffset}.
     */
    private static int[] batchSizesFrom(FileChannel channel, int start, int maxBytes, long maxOffset, int limit)
            throws IOException {
        int[] sizes = new int[16];
        int count = 0;
        long bytes = 0;
        int position = start;
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.PREFIX_SIZE);
        while (position + BatchHeader.PREFIX_SIZE <= limit) {
            header.clear();
            readFully(channel, header, position);
            BatchHeader batch = BatchHeader.parse(header, 0);
            int batchBytes = batch.sizeInBytes();
            if ((long) position + batchBytes > limit || batch.lastOffset() >= maxOffset
                    || (count > 0 && bytes + batchBytes > maxBytes)) {
                break;
            }
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count++] = batchBytes;
            bytes += batchBytes;
            position += batchBytes;
        }
        return Arrays.copyOf(sizes, count);
    }

    /**
     * Whole batches starting at byte {@code position} (a batch start): as many as fit in
     * {@code maxBytes} but at least one; empty at the segment's end. For the log cleaner, which
     * walks a closed segment front to back.
     */
    ByteBuffer readAtPosition(int position, int maxBytes) throws IOException {
        int limit = size;
        if (position >= limit) {
            return ByteBuffer.allocate(0);
        }
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            FileChannel channel = lease.channel();
            ByteBuffer window = readAt(channel, position, Math.min(Math.max(maxBytes, BatchHeader.PREFIX_SIZE), limit - position));
            int end = wholeBatchesEnd(window, Long.MAX_VALUE);
            if (end == 0) {
                return readAt(channel, position, BatchHeader.parse(window, 0).sizeInBytes());
            }
            return window.limit(end).slice();
        }
    }

    /** The start of the batch holding {@code offset}, or -1 when no batch below {@code limit} holds it. */
    private int positionOf(FileChannel channel, long offset, int limit) throws IOException {
        int position = offsetIndex.lookup(offset).position();
        ByteBuffer header = ByteBuffer.allocate(BatchHeader.PREFIX_SIZE);
        while (position < limit) {
            header.clear();
            readFully(channel, header, position);
            BatchHeader batch = BatchHeader.parse(header, 0);
            if (batch.lastOffset() >= offset) {
                return position;
            }
            position += batch.sizeInBytes();
        }
        return -1;
    }

    private static int wholeBatchesEnd(ByteBuffer window, long maxOffset) {
        int end = 0;
        while (end + BatchHeader.PREFIX_SIZE <= window.limit()) {
            BatchHeader batch = BatchHeader.parse(window, end);
            if (end + batch.sizeInBytes() > window.limit() || batch.lastOffset() >= maxOffset) {
                break;
            }
            end += batch.sizeInBytes();
        }
        return end;
    }

    /** The first offset at or after which a record may have a timestamp at or after {@code timestamp}. */
    long scanStartForTimestamp(long timestamp) throws IOException {
        return timeIndex.scanStart(timestamp);
    }

    /**
     * The first record at or after {@code fromOffset} with a timestamp at or after {@code timestamp},
     * or null when this segment has none.
     */
    TimestampOffset findByTimestamp(long fromOffset, long timestamp) throws IOException {
        long offset = fromOffset;
        while (offset < nextOffset) {
            ByteBuffer batches = read(offset, SCAN_CHUNK_BYTES, Long.MAX_VALUE);
            if (!batches.hasRemaining()) {
                return null;
            }
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches).batches()) {
                if (batch.maxTimestamp() >= timestamp) {
                    for (Record record : batch) {
                        if (record.offset() >= fromOffset && record.timestamp() >= timestamp) {
                            return new TimestampOffset(record.offset(), record.timestamp());
                        }
                    }
                }
                offset = batch.nextOffset();
            }
        }
        return null;
    }

    /**
     * Hands every batch with a producer id whose last offset is at or after {@code fromOffset} to
     * {@code action}, in log order, reading batch headers only: 64 KiB at a time, so small
     * batches cost one read per chunk and large ones one read each. Starts at the offset index
     * entry at or before {@code fromOffset}.
     */
    void forEachProducerBatch(long fromOffset, Consumer<ProducerBatch> action) throws IOException {
        int position = fromOffset > baseOffset ? offsetIndex.lookup(fromOffset).position() : 0;
        int end = size;
        ByteBuffer chunk = ByteBuffer.allocate(SCAN_CHUNK_BYTES);
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            while (position < end) {
                chunk.clear().limit(Math.min(SCAN_CHUNK_BYTES, end - position));
                readFully(lease.channel(), chunk, position);
                int at = 0;
                while (at + BatchHeader.PRODUCER_PREFIX_SIZE <= chunk.limit()) {
                    int batchSize = BatchHeader.parse(chunk, at).sizeInBytes();
                    if (batchSize < BatchHeader.MIN_BATCH_SIZE) {
                        throw new IllegalStateException("batch at position " + (position + at) + " of " + logPath
                                + " has an impossible length " + batchSize + " below the segment end " + end);
                    }
                    ProducerBatch batch = BatchHeader.parseProducerBatch(chunk, at);
                    if (batch.hasProducerId() && batch.lastOffset() >= fromOffset) {
                        action.accept(batch);
                    }
                    at += batchSize;
                }
                if (at == 0) {
                    throw new IllegalStateException("torn batch header at position " + position + " of " + logPath
                            + ", below the segment end " + end);
                }
                position += at;
            }
        }
    }

    /**
     * Removes every batch that holds an offset at or after {@code offset}: a batch is kept whole
     * or not at all, so the segment may end below {@code offset}. Indexes lose the entries of
     * removed batches; the segment's end and largest timestamp are read again from what is left.
     */
    void truncateTo(long offset) throws IOException {
        int position;
        long cutBase;
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            position = positionOf(lease.channel(), offset, size);
            if (position < 0) {
                return;
            }
            ByteBuffer header = ByteBuffer.allocate(BatchHeader.PREFIX_SIZE);
            readFully(lease.channel(), header, position);
            cutBase = BatchHeader.parse(header, 0).baseOffset();
            lease.channel().truncate(position);
        }
        size = position;
        offsetIndex.truncateTo(cutBase);
        timeIndex.truncateTo(cutBase);
        nextOffset = baseOffset;
        lastBatchBaseOffset = -1;
        bytesSinceIndexEntry = 0;
        loadTail();
    }

    /**
     * Writes buffered index entries to their files (on roll and close; no fsync), and cuts off any
     * bytes past the segment's end that a failed write could not roll back.
     */
    void writeIndexes() throws IOException {
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            if (lease.channel().size() > size) {
                lease.channel().truncate(size);
            }
        }
        maybeIndexTimestamp();
        offsetIndex.writeBuffered();
        timeIndex.writeBuffered();
    }

    /** Makes everything appended so far durable: the log and both indexes. */
    void flush() throws IOException {
        maybeIndexTimestamp();
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            lease.channel().force(true);
        }
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Releases the segment's open files; the segment must not be used afterwards. */
    void close() {
        files.forget(logPath);
        files.forget(offsetIndex.path());
        files.forget(timeIndex.path());
    }

    void delete() throws IOException {
        files.forget(logPath);
        Files.deleteIfExists(logPath);
        offsetIndex.delete();
        timeIndex.delete();
    }

    // ---- recovery ---------------------------------------------------------------------------

    private boolean indexesLookDamaged() throws IOException {
        if (offsetIndex.fileLooksDamaged() || timeIndex.fileLooksDamaged()) {
            return true;
        }
        long fileSize = Files.size(logPath);
        OffsetIndex.OffsetPosition last = offsetIndex.last();
        return last.position() > fileSize || last.offset() < baseOffset;
    }

    /** Reads the batch headers after the last offset index entry to learn the segment's end. */
    private void loadTail() throws IOException {
        long fileSize = Files.size(logPath);
        OffsetIndex.OffsetPosition last = offsetIndex.last();
        maxTimestamp = timeIndex.lastTimestamp();
        indexedMaxTimestamp = maxTimestamp;
        // The last entry is a batch's base offset and position: the scan continues the log from there.
        nextOffset = last.offset();
        ScanResult scan = scan(last.position(), fileSize, false);
        if (scan.validEnd() != fileSize) {
            LOG.log(System.Logger.Level.WARNING, "segment " + logPath + " below the recovery point has a bad tail at "
                    + scan.validEnd() + " (" + scan.problem() + "); recovering it");
            recover();
        }
    }

    /** Validates every batch, truncates at the first bad one, and rebuilds both indexes. */
    private void recover() throws IOException {
        offsetIndex.truncateToEntries(0);
        timeIndex.truncateToEntries(0);
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        indexedMaxTimestamp = RecordBatch.NO_TIMESTAMP;
        bytesSinceIndexEntry = 0;
        nextOffset = baseOffset;
        long fileSize = Files.size(logPath);
        ScanResult scan = scan(0, fileSize, true);
        if (scan.validEnd() < fileSize) {
            LOG.log(System.Logger.Level.WARNING, "truncating " + logPath + " from " + fileSize + " to "
                    + scan.validEnd() + " bytes: " + scan.problem());
            truncatedByRecovery = true;
            try (FileHandles.Lease lease = files.acquire(logPath)) {
                lease.channel().truncate(scan.validEnd());
            }
        }
        writeIndexes();
    }

    /**
     * Walks batches from {@code from} to {@code fileSize}: with {@code validate}, checks each one's
     * CRC and offsets and re-indexes it; always advances size, next offset and max timestamp.
     */
    private ScanResult scan(long from, long fileSize, boolean validate) throws IOException {
        int position = (int) from;
        try (FileHandles.Lease lease = files.acquire(logPath)) {
            FileChannel channel = lease.channel();
            ByteBuffer header = ByteBuffer.allocate(BatchHeader.PREFIX_SIZE);
            while (position < fileSize) {
                if (fileSize - position < BatchHeader.MIN_BATCH_SIZE) {
                    return new ScanResult(position, "torn batch header at position " + position);
                }
                header.clear();
                readFully(channel, header, position);
                BatchHeader batch = BatchHeader.parse(header, 0);
                String problem = checkFraming(batch, position, fileSize);
                if (problem == null && validate) {
                    problem = checkContents(channel, batch, position);
                }
                if (problem != null) {
                    return new ScanResult(position, problem);
                }
                if (validate) {
                    indexBatch(batch, position);
                }
                advance(batch, position);
                position += batch.sizeInBytes();
            }
        }
        return new ScanResult(position, null);
    }

    private void advance(BatchHeader batch, int position) {
        size = position + batch.sizeInBytes();
        nextOffset = batch.nextOffset();
        lastBatchBaseOffset = batch.baseOffset();
        if (batch.maxTimestamp() > maxTimestamp) {
            maxTimestamp = batch.maxTimestamp();
        }
    }

    private String checkFraming(BatchHeader batch, int position, long fileSize) {
        if (batch.sizeInBytes() < BatchHeader.MIN_BATCH_SIZE) {
            return "batch at position " + position + " has an impossible length " + batch.sizeInBytes();
        }
        if (position + (long) batch.sizeInBytes() > fileSize) {
            return "torn batch at position " + position + ": " + batch.sizeInBytes() + " bytes announced, "
                    + (fileSize - position) + " present";
        }
        boolean continues = offsetGapsAllowed ? batch.baseOffset() >= nextOffset : batch.baseOffset() == nextOffset;
        if (!continues || batch.lastOffsetDelta() < 0) {
            return "batch at position " + position + " has offsets " + batch.baseOffset() + ".." + batch.lastOffset()
                    + ", expected from " + nextOffset + (offsetGapsAllowed ? " (or later)" : "");
        }
        return null;
    }

    private String checkContents(FileChannel channel, BatchHeader batch, int position) throws IOException {
        ByteBuffer bytes = readAt(channel, position, batch.sizeInBytes());
        BatchProblem problem;
        try {
            Iterator<MutableRecordBatch> batches = MemoryRecords.readableRecords(bytes).batches().iterator();
            if (!batches.hasNext()) {
                return "batch at position " + position + " cannot be parsed";
            }
            problem = BatchStructure.check(batches.next());
        } catch (CorruptRecordException e) {
            return "batch at position " + position + " cannot be parsed: " + e.getMessage();
        }
        return problem == null ? null : problem.describeAt("batch at position " + position + " (offsets "
                + batch.baseOffset() + ".." + batch.lastOffset() + ")");
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(channel, buffer, position);
        return buffer.flip();
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new StrataException(ErrorCode.STORAGE_ERROR, "unexpected end of segment file at " + at);
            }
            at += read;
        }
    }

    private record ScanResult(long validEnd, String problem) {
    }
}
