package io.strata.node.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.decode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash recovery: each test writes a log, damages its files the way a crash or a bad disk would,
 * reopens it with fresh file handles (as a restarted process does) and checks that the valid
 * prefix survives, the indexes agree with the data, and the next append gets the next offset.
 */
class LogRecoveryTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final LogConfig CONFIG = LogConfig.DEFAULTS.with(Map.of(
            LogConfig.SEGMENT_BYTES, "2048", LogConfig.INDEX_INTERVAL_BYTES, "256"));

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(T0);
    private final List<FileHandles> handles = new ArrayList<>();
    private final List<PartitionLog> logs = new ArrayList<>();

    @AfterEach
    void closeAll() {
        logs.forEach(PartitionLog::close);
        handles.forEach(FileHandles::close);
    }

    private Path dir() {
        return root.resolve("events-3");
    }

    /** Opens the log as a freshly started process would: new file handles, nothing shared. */
    private PartitionLog open() throws IOException {
        FileHandles files = new FileHandles(32);
        handles.add(files);
        PartitionLog log = PartitionLog.open(dir(), CONFIG, files, clock);
        logs.add(log);
        return log;
    }

    /** Writes 100 batches of 5 records (offsets 0..499) and leaves without a clean close. */
    private PartitionLog writeAndCrash() throws IOException {
        PartitionLog log = open();
        for (int i = 0; i < 100; i++) {
            log.appendAsLeader(batch(i * 5, 5, T0 + i), 0);
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        logs.remove(log);
        return log;
    }

    private static List<String> readAll(PartitionLog log) {
        return TestBatches.readAll(log, log.logStartOffset(), 4096);
    }

    private static List<String> expected(int records) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            values.add(i + ":v" + i);
        }
        return values;
    }

    private Path lastSegment(PartitionLog log) {
        return dir().resolve(Segment.fileName(log.segmentBaseOffsets().get(log.segmentCount() - 1), ".log"));
    }

    private void assertIndexesAgree(PartitionLog log) {
        for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset++) {
            assertThat(decode(log.read(offset, 1).records())).contains(offset + ":v" + offset);
        }
        for (int i = 0; i < log.logEndOffset() / 5; i++) {
            assertThat(log.offsetForTimestamp(T0 + i)).contains(new TimestampOffset(i * 5L, T0 + i));
        }
    }

    @Test
    void aCrashWithoutFlushRecoversEverythingWritten() throws IOException {
        writeAndCrash();

        PartitionLog log = open();

        assertThat(readAll(log)).containsExactlyElementsOf(expected(500));
        assertThat(log.recoveryPoint()).isEqualTo(500);
        assertIndexesAgree(log);
    }

    @Test
    void aSegmentCutMidBatchIsTruncatedAtTheLastWholeBatch() throws IOException {
        Path last = lastSegment(writeAndCrash());
        long size = Files.size(last);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.setLength(size - 10);
        }

        PartitionLog log = open();

        assertThat(log.logEndOffset()).isEqualTo(495);
        assertThat(readAll(log)).containsExactlyElementsOf(expected(495));
        assertIndexesAgree(log);
        assertThat(log.appendAsLeader(batch(495, 5, T0 + 99), 0).firstOffset()).isEqualTo(495);
        assertThat(readAll(log)).containsExactlyElementsOf(expected(500));
    }

    @Test
    void aFlippedByteInTheLastBatchFailsItsCrcAndIsTruncated() throws IOException {
        Path last = lastSegment(writeAndCrash());
        long size = Files.size(last);
        try (RandomAccessFile file = new RandomAccessFile(last.toFile(), "rw")) {
            file.seek(size - 3);
            int original = file.read();
            file.seek(size - 3);
            file.write(original ^ 0x01);
        }

        PartitionLog log = open();

        assertThat(log.logEndOffset()).isEqualTo(495);
        assertThat(Files.size(last)).isLessThan(size);
        assertThat(readAll(log)).containsExactlyElementsOf(expected(495));
        assertThat(log.appendAsLeader(batch(495, 5, T0 + 99), 0).firstOffset()).isEqualTo(495);
    }

    @Test
    void garbageAfterTheLastBatchIsCutOff() throws IOException {
        Path last = lastSegment(writeAndCrash());
        Files.write(last, new byte[] {0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3}, java.nio.file.StandardOpenOption.APPEND);

        PartitionLog log = open();

        assertThat(readAll(log)).containsExactlyElementsOf(expected(500));
        assertThat(log.appendAsLeader(batch(500, 5, T0 + 100), 0).firstOffset()).isEqualTo(500);
    }

    @Test
    void aCorruptMiddleSegmentDropsEverythingAfterIt() throws IOException {
        PartitionLog crashed = writeAndCrash();
        long secondBase = crashed.segmentBaseOffsets().get(1);
        Path second = dir().resolve(Segment.fileName(secondBase, ".log"));
        try (RandomAccessFile file = new RandomAccessFile(second.toFile(), "rw")) {
            file.seek(100);
            file.write(0xFF);
        }

        PartitionLog log = open();

        assertThat(log.logEndOffset()).isLessThan(500).isGreaterThanOrEqualTo(secondBase);
        assertThat(readAll(log)).containsExactlyElementsOf(expected((int) log.logEndOffset()));
        assertThat(log.segmentBaseOffsets()).allMatch(base -> base <= secondBase);
        assertThat(log.appendAsLeader(batch((int) log.logEndOffset(), 1, T0), 0).firstOffset())
                .isEqualTo(log.logEndOffset() - 1);
    }

    @Test
    void aDeletedIndexIsRebuiltIdenticallyAfterACleanClose() throws IOException {
        PartitionLog first = writeAndCrash();
        first.close();
        long base = first.segmentBaseOffsets().get(1);
        Path index = dir().resolve(Segment.fileName(base, ".index"));
        Path timeIndex = dir().resolve(Segment.fileName(base, ".timeindex"));
        byte[] indexBefore = Files.readAllBytes(index);
        byte[] timeIndexBefore = Files.readAllBytes(timeIndex);
        assertThat(indexBefore).isNotEmpty();
        Files.delete(index);

        PartitionLog log = open();

        assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
        assertThat(Files.readAllBytes(timeIndex)).isEqualTo(timeIndexBefore);
        assertThat(readAll(log)).containsExactlyElementsOf(expected(500));
        assertIndexesAgree(log);
        assertThat(log.appendAsLeader(batch(500, 5, T0 + 100), 0).firstOffset()).isEqualTo(500);
    }

    @Test
    void aTornIndexIsRebuilt() throws IOException {
        PartitionLog first = writeAndCrash();
        first.close();
        Path index = dir().resolve(Segment.fileName(first.segmentBaseOffsets().get(0), ".index"));
        byte[] before = Files.readAllBytes(index);
        try (RandomAccessFile file = new RandomAccessFile(index.toFile(), "rw")) {
            file.setLength(before.length - 3);
        }

        PartitionLog log = open();

        assertThat(Files.readAllBytes(index)).isEqualTo(before);
        assertIndexesAgree(log);
    }

    @Test
    void aCleanCloseNeedsNoRecoveryAndKeepsTheRecoveryPoint() throws IOException {
        PartitionLog first = writeAndCrash();
        first.close();

        PartitionLog log = open();

        assertThat(log.recoveryPoint()).isEqualTo(500);
        assertThat(readAll(log)).containsExactlyElementsOf(expected(500));
    }
}
