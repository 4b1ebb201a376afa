package io.strata.node.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static io.strata.node.log.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogSlice}: the batches {@link PartitionLog#read} reads, as a place in their file; the
 * file stays open (and its bytes readable) until the slice is closed, even once its segment is
 * deleted, and its descriptor is closed then.
 */
class LogSliceTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final LogConfig SMALL = LogConfig.DEFAULTS.with(Map.of(
            LogConfig.SEGMENT_BYTES, "4096", LogConfig.INDEX_INTERVAL_BYTES, "0"));

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(T0);
    private final FileHandles files = new FileHandles(64);
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
        files.close();
    }

    @Test
    void aSliceFindsTheBatchesAReadReadsWithinEveryBound() throws IOException {
        open();
        append(600);
        long highWatermark = 480;
        long[] offsets = {0, 3, 97, 250, 475, 480};
        for (long offset : offsets) {
            log.read(offset, 1 << 20, highWatermark); // every file a slice leases is open in the cache now
        }
        int openBefore = files.openCount();
        for (long offset : offsets) {
            for (int maxBytes : new int[]{0, 100, 700, 2_000, 1 << 20}) {
                ByteBuffer heap = log.read(offset, maxBytes, highWatermark).records();
                try (LogSlice slice = log.readSlice(offset, maxBytes, highWatermark)) {
                    assertThat(sent(slice)).as("offset %d max %d", offset, maxBytes).isEqualTo(bytes(heap));
                    assertThat(slice.isEmpty()).isEqualTo(!heap.hasRemaining());
                    assertThat(slice.logStartOffset()).isZero();
                    assertThat(slice.logEndOffset()).isEqualTo(600);
                }
            }
        }
        assertThat(files.openCount()).as("every slice's lease released, nothing left open").isEqualTo(openBefore);
    }

    @Test
    void aSegmentDeletedWhileItsSliceWaitsToBeSentStillSendsTheExactBytesThenItsDescriptorCloses() throws IOException {
        open();
        append(1_000);
        assertThat(log.segmentCount()).isGreaterThan(2);
        Path first = dir.resolve("orders-0").resolve(String.format("%020d.log", 0));
        long highWatermark = log.logEndOffset();
        byte[] expected = bytes(log.read(0, 2_048, highWatermark).records());

        LogSlice slice = log.readSlice(0, 2_048, highWatermark);
        // Retention's path: the segment leaves the log, its handle is forgotten and its file unlinked.
        assertThat(log.maybeIncrementLogStartOffset(log.segmentBaseOffsets().get(1))).isTrue();
        assertThat(first).doesNotExist();
        int openWithSlice = files.openCount();
        assertThat(descriptorsOf(first)).as("the slice keeps the deleted file open").isEqualTo(1);

        assertThat(sent(slice)).isEqualTo(expected);
        assertThat(sent(slice)).as("sent again: a write retried from the same region").isEqualTo(expected);

        slice.close();
        assertThat(descriptorsOf(first)).as("closed with the slice").isZero();
        assertThat(files.openCount()).isEqualTo(openWithSlice - 1);
        slice.close(); // an idempotent close leaves the count alone (the handle is gone)
        assertThat(files.openCount()).isEqualTo(openWithSlice - 1);
    }

    private void open() throws IOException {
        log = PartitionLog.open(dir.resolve("orders-0"), SMALL, files, clock);
    }

    /** Appends {@code records} records, one batch of 5 at a time. */
    private void append(int records) {
        for (int next = (int) log.logEndOffset(), end = next + records; next < end; next += 5) {
            log.appendAsLeader(batch(next, 5, T0 + next), 0);
        }
    }

    /** The slice's bytes as the Kafka listener sends them: {@code FileChannel.transferTo} a socket-like channel. */
    private static byte[] sent(LogSlice slice) throws IOException {
        if (slice.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(out);
        long size = slice.sizeInBytes();
        long done = 0;
        while (done < size) {
            long moved = slice.channel().transferTo(slice.position() + done, size - done, target);
            assertThat(moved).isPositive();
            done += moved;
        }
        assertThat(Arrays.stream(slice.batchSizes()).sum()).isEqualTo(out.size());
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** This process's open descriptors of {@code file}, deleted or not (Linux's /proc/self/fd). */
    private static long descriptorsOf(Path file) throws IOException {
        String name = file.toAbsolutePath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed while listing
                }
            }).filter(target -> target.equals(name) || target.equals(name + " (deleted)")).count();
        }
    }
}
