package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a node does at the edges of its resources: a full disk, and many more partitions than file handles. */
class StorageLimitsTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(T0);

    @Test
    void aFullDiskRefusesAppendsKeepsServingReadsAndRecoversWhenSpaceReturns() throws IOException {
        AtomicLong freeBytes = new AtomicLong(Long.MAX_VALUE / 2);
        try (FileHandles files = new FileHandles(16, path -> new LimitedSpaceChannel(FileHandles.READ_WRITE.open(path), freeBytes))) {
            PartitionLog log = PartitionLog.open(root.resolve("t-0"), LogConfig.DEFAULTS, files, clock);
            log.appendAsLeader(batch(0, 10, T0), 0);
            long sizeBefore = Files.size(root.resolve("t-0").resolve(Segment.fileName(0, ".log")));

            freeBytes.set(30);
            assertThatThrownBy(() -> log.appendAsLeader(batch(10, 10, T0), 0))
                    .isInstanceOf(StrataException.class)
                    .hasMessageContaining("No space left on device")
                    .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.STORAGE_ERROR);

            assertThat(log.logEndOffset()).isEqualTo(10);
            assertThat(Files.size(root.resolve("t-0").resolve(Segment.fileName(0, ".log")))).isEqualTo(sizeBefore);
            assertThat(decode(log.read(0, 1 << 20).records())).hasSize(10);

            freeBytes.set(Long.MAX_VALUE / 2);
            assertThat(log.appendAsLeader(batch(10, 10, T0), 0).firstOffset()).isEqualTo(10);
            assertThat(decode(log.read(0, 1 << 20).records())).hasSize(20);
            log.close();
        }
    }

    @Test
    void aNewLeaderEpochThatCouldNotBeWrittenIsWrittenByTheAppendThatSucceedsLater() throws IOException {
        Path dir = root.resolve("t-0");
        try (FileHandles files = new FileHandles(16)) {
            PartitionLog log = PartitionLog.open(dir, LogConfig.DEFAULTS, files, clock);
            log.appendAsLeader(batch(0, 10, T0), 1);
            // The checkpoint is replaced through a temporary file: a directory in its place makes
            // that write fail as a full disk does.
            Path blocker = Files.createDirectory(dir.resolve("leader-epoch-checkpoint.tmp"));
            assertThatThrownBy(() -> log.appendAsLeader(batch(10, 10, T0), 2))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR));
            assertThat(log.latestEpoch()).isEqualTo(1);
            assertThat(log.logEndOffset()).isEqualTo(10);

            Files.delete(blocker);
            assertThat(log.appendAsLeader(batch(10, 10, T0), 2).firstOffset()).isEqualTo(10);
            log.close();
            PartitionLog reopened = PartitionLog.open(dir, LogConfig.DEFAULTS, files, clock);
            assertThat(reopened.latestEpoch()).isEqualTo(2);
            assertThat(reopened.endOffsetForEpoch(1)).isEqualTo(new EpochEndOffset(1, 10));
            reopened.close();
        }
    }

    @Test
    void thousandsOfPartitionsStayWithinTheFileHandleBound() throws IOException {
        LogConfig config = LogConfig.DEFAULTS.with(Map.of(LogConfig.SEGMENT_BYTES, "1024"));
        try (FileHandles files = new FileHandles(50)) {
            List<PartitionLog> logs = new ArrayList<>();
            for (int p = 0; p < 2_000; p++) {
                logs.add(PartitionLog.open(root.resolve("many-" + p), config, files, clock));
            }
            for (int round = 0; round < 3; round++) {
                for (PartitionLog log : logs) {
                    int next = (int) log.logEndOffset();
                    log.appendAsLeader(batch(next, 30, T0 + round), 0);
                    assertThat(files.openCount()).isLessThanOrEqualTo(50);
                }
            }
            for (PartitionLog log : logs) {
                assertThat(TestBatches.readAll(log, 0, 1 << 20)).hasSize(90);
                assertThat(log.segmentCount()).isGreaterThan(1);
                assertThat(files.openCount()).isLessThanOrEqualTo(50);
            }
        }
    }
}
