package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.offsetOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DeleteRecords at the log: the log start offset moved inside a segment hides every record below
 * it, deletes the segments wholly below it, and survives a restart.
 */
class LogStartOffsetTest {

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

    private PartitionLog open(LogConfig config) throws IOException {
        log = PartitionLog.open(dir.resolve("orders-0"), config, files, clock);
        return log;
    }

    /** Appends {@code records} records, one per batch of 5, timestamped by offset (T0 + offset). */
    private void append(int records) {
        for (int next = (int) log.logEndOffset(), end = next + records; next < end; next += 5) {
            log.appendAsLeader(batch(next, 5, T0 + next), 0);
        }
    }

    @Test
    void aStartInsideASegmentHidesTheRecordsBelowItAndDeletesTheSegmentsWhollyBelow() throws IOException {
        open(SMALL);
        append(3_000);
        int segmentsBefore = log.segmentCount();

        assertThat(log.maybeIncrementLogStartOffset(1_234)).isTrue();

        assertThat(log.logStartOffset()).isEqualTo(1_234);
        assertThat(log.segmentBaseOffsets().get(0)).isLessThan(1_234L);
        assertThat(log.segmentBaseOffsets()).hasSizeLessThan(segmentsBefore);
        assertThat(log.segmentBaseOffsets().get(1)).isGreaterThan(1_234L);
        assertThatThrownBy(() -> log.read(1_233, 4096))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE))
                .hasMessageContaining("valid offsets are 1234 to 3000");
        List<String> left = TestBatches.readAll(log, 1_234, 4096);
        assertThat(left).hasSize(3_000 - 1_234);
        assertThat(offsetOf(left.get(0))).isEqualTo(1_234);
        assertThat(log.offsetForTimestamp(T0).orElseThrow().offset()).isEqualTo(1_234);
    }

    @Test
    void theStartNeverGoesBackNorPastTheLogEnd() throws IOException {
        open(SMALL);
        append(100);
        log.maybeIncrementLogStartOffset(50);

        assertThat(log.maybeIncrementLogStartOffset(20)).isFalse();
        assertThat(log.maybeIncrementLogStartOffset(50)).isFalse();
        assertThat(log.logStartOffset()).isEqualTo(50);
        assertThatThrownBy(() -> log.maybeIncrementLogStartOffset(101))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE));
        assertThat(log.maybeIncrementLogStartOffset(100)).isTrue();
        assertThat(log.logStartOffset()).isEqualTo(100);
        assertThat(TestBatches.readAll(log, 100, 4096)).isEmpty();
    }

    @Test
    void aRestartKeepsTheStartInsideItsSegment() throws IOException {
        open(SMALL);
        append(3_000);
        log.maybeIncrementLogStartOffset(1_234);
        long firstSegment = log.segmentBaseOffsets().get(0);
        log.close();

        open(SMALL);

        assertThat(log.segmentBaseOffsets().get(0)).isEqualTo(firstSegment);
        assertThat(log.logStartOffset()).isEqualTo(1_234);
        assertThatThrownBy(() -> log.read(1_233, 4096)).isInstanceOf(StrataException.class);
        assertThat(TestBatches.readAll(log, 1_234, 4096)).hasSize(3_000 - 1_234);
    }

    @Test
    void aStartBeyondWhatACrashLeftMakesTheLogStartOverThere() throws IOException {
        open(SMALL);
        append(100);
        log.close();
        // As if DeleteRecords had reached offset 150 and a crash then lost the unflushed records from 100 on.
        Files.writeString(dir.resolve("orders-0").resolve("log-start-offset"), "150\n");

        open(SMALL);

        assertThat(log.logStartOffset()).isEqualTo(150);
        assertThat(log.logEndOffset()).isEqualTo(150);
        append(5);
        assertThat(TestBatches.readAll(log, 150, 4096)).hasSize(5);
    }

    @Test
    void retentionAndTruncationKeepADeleteRecordsStart() throws IOException {
        open(SMALL.with(Map.of(LogConfig.RETENTION_BYTES, "8192")));
        append(3_000);
        log.maybeIncrementLogStartOffset(2_990);

        log.maybeApplyRetention(log.logEndOffset());
        assertThat(log.logStartOffset()).isEqualTo(2_990);

        log.truncateTo(2_995);
        assertThat(log.logStartOffset()).isEqualTo(2_990);
        log.truncateTo(2_000);
        assertThat(log.logStartOffset()).isEqualTo(2_990);
        assertThat(log.logEndOffset()).isEqualTo(2_990);
    }
}
