package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionLogTest {

    private static final long T0 = 1_700_000_000_000L;
    /** Small segments and an index entry per batch, so that a few thousand records cross many segments. */
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

    /** Appends batches of 1..7 records until {@code records} records are in; returns the values written. */
    private List<String> appendRecords(int records, long timestamp) {
        List<String> written = new ArrayList<>();
        int next = (int) log.logEndOffset();
        while (written.size() < records) {
            int count = Math.min(1 + next % 7, records - written.size());
            AppendResult result = log.appendAsLeader(batch(next, count, timestamp), 0);
            assertThat(result.firstOffset()).isEqualTo(next);
            assertThat(result.lastOffset()).isEqualTo(next + count - 1);
            for (int i = next; i < next + count; i++) {
                written.add(i + ":v" + i);
            }
            next += count;
        }
        return written;
    }

    private List<String> readAll(long from, int maxBytes) {
        return TestBatches.readAll(log, from, maxBytes);
    }

    @Test
    void recordsRoundTripAcrossManySegmentRolls() throws IOException {
        open(SMALL);
        List<String> written = appendRecords(5_000, T0);

        assertThat(log.segmentCount()).isGreaterThan(20);
        assertThat(readAll(0, 1000)).containsExactlyElementsOf(written);
        assertThat(readAll(0, 64 * 1024)).containsExactlyElementsOf(written);
        assertThat(log.logEndOffset()).isEqualTo(5_000);
    }

    @Test
    void appendsContinueAfterReopen() throws IOException {
        open(SMALL);
        List<String> written = new ArrayList<>(appendRecords(1_000, T0));
        log.close();

        open(SMALL);
        assertThat(log.recoveryPoint()).isEqualTo(1_000);
        written.addAll(appendRecords(500, T0));

        assertThat(readAll(0, 8192)).containsExactlyElementsOf(written);
    }

    @Test
    void readsFindTheBatchHoldingAnOffsetAtEverySegmentEdge() throws IOException {
        open(SMALL);
        appendRecords(3_000, T0);

        for (long base : log.segmentBaseOffsets()) {
            for (long offset : new long[] {base - 1, base, base + 1}) {
                if (offset < 0 || offset >= log.logEndOffset()) {
                    continue;
                }
                List<String> records = decode(log.read(offset, 1).records());
                List<Long> offsets = records.stream().map(r -> Long.parseLong(r.split(":")[0])).toList();
                assertThat(offsets).as("batch read at offset %d", offset).contains(offset);
            }
        }
    }

    @Test
    void sparseIndexStillFindsEveryOffset() throws IOException {
        open(LogConfig.DEFAULTS.with(Map.of(LogConfig.SEGMENT_BYTES, "65536", LogConfig.INDEX_INTERVAL_BYTES, "1024")));
        appendRecords(4_000, T0);

        for (long offset = 0; offset < log.logEndOffset(); offset += 37) {
            List<String> records = decode(log.read(offset, 1).records());
            assertThat(Long.parseLong(records.get(0).split(":")[0])).isLessThanOrEqualTo(offset);
            assertThat(records).contains(offset + ":v" + offset);
        }
    }

    @Test
    void readReturnsAtLeastOneWholeBatchAndStopsAtMaxOffset() throws IOException {
        open(SMALL);
        log.appendAsLeader(batch(0, 5, T0), 0);
        log.appendAsLeader(batch(5, 5, T0), 0);

        assertThat(decode(log.read(0, 1).records())).hasSize(5);
        assertThat(decode(log.read(0, 1 << 20).records())).hasSize(10);
        assertThat(decode(log.read(0, 1 << 20, 7).records())).hasSize(5);
        assertThat(log.read(10, 1 << 20).records().hasRemaining()).isFalse();
    }

    @Test
    void offsetsOutsideTheLogAreRefused() throws IOException {
        open(SMALL);
        appendRecords(10, T0);

        assertThatThrownBy(() -> log.read(11, 100))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining("offset 11")
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThatThrownBy(() -> log.read(-1, 100))
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
    }

    @Test
    void timestampLookupsUseTheTimeIndexAcrossSegments() throws IOException {
        open(SMALL);
        for (int i = 0; i < 600; i++) {
            log.appendAsLeader(batch(i * 2, 2, T0 + i * 1000L), 0);
        }
        assertThat(log.segmentCount()).isGreaterThan(5);

        assertThat(log.offsetForTimestamp(0)).contains(new TimestampOffset(0, T0));
        assertThat(log.offsetForTimestamp(T0)).contains(new TimestampOffset(0, T0));
        assertThat(log.offsetForTimestamp(T0 + 1)).contains(new TimestampOffset(2, T0 + 1000));
        assertThat(log.offsetForTimestamp(T0 + 599_000)).contains(new TimestampOffset(1198, T0 + 599_000));
        assertThat(log.offsetForTimestamp(T0 + 599_001)).isEmpty();
        for (long base : log.segmentBaseOffsets()) {
            long timestamp = T0 + (base / 2) * 1000;
            assertThat(log.offsetForTimestamp(timestamp)).as("at segment %d", base)
                    .contains(new TimestampOffset(base, timestamp));
            assertThat(log.offsetForTimestamp(timestamp - 1)).as("just before segment %d", base)
                    .contains(new TimestampOffset(base, timestamp));
        }
    }

    @Test
    void timestampLookupsToleratesTimestampsThatGoBack() throws IOException {
        open(SMALL);
        log.appendAsLeader(batch(0, 1, T0 + 5000), 0);
        log.appendAsLeader(batch(1, 1, T0 + 1000), 0);
        log.appendAsLeader(batch(2, 1, T0 + 9000), 0);

        assertThat(log.offsetForTimestamp(T0 + 2000)).contains(new TimestampOffset(0, T0 + 5000));
        assertThat(log.offsetForTimestamp(T0 + 6000)).contains(new TimestampOffset(2, T0 + 9000));
    }

    @Test
    void retentionByTimeDeletesOnlyWholeClosedSegmentsPastRetention() throws IOException {
        open(SMALL.with(Map.of(LogConfig.RETENTION_MS, "60000")));
        appendRecords(1_000, T0);
        long firstSegmentsEnd = log.logEndOffset();
        clock.advance(50_000);
        appendRecords(1_000, T0 + 50_000);
        int segmentsBefore = log.segmentCount();

        assertThat(log.maybeApplyRetention(log.logEndOffset())).isZero();
        clock.advance(20_000);
        int deleted = log.maybeApplyRetention(log.logEndOffset());

        assertThat(deleted).isPositive();
        assertThat(log.segmentCount()).isEqualTo(segmentsBefore - deleted);
        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0)).isLessThanOrEqualTo(firstSegmentsEnd);
        assertThatThrownBy(() -> log.read(0, 100))
                .extracting(e -> ((StrataException) e).code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThat(decode(log.read(log.logStartOffset(), 100).records())).isNotEmpty();

        clock.advance(1_000_000);
        log.maybeApplyRetention(log.logEndOffset());
        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.logEndOffset()).isEqualTo(2_000);
    }

    @Test
    void retentionBySizeKeepsTheLogJustAboveTheLimit() throws IOException {
        open(SMALL.with(Map.of(LogConfig.RETENTION_BYTES, "20000")));
        appendRecords(3_000, T0);
        long before = log.sizeInBytes();

        log.maybeApplyRetention(log.logEndOffset());

        assertThat(before).isGreaterThan(20_000);
        assertThat(log.sizeInBytes()).isGreaterThanOrEqualTo(20_000).isLessThan(20_000 + 4096);
        assertThat(readAll(log.logStartOffset(), 4096)).hasSize((int) (3_000 - log.logStartOffset()));
    }

    /** Kafka's rule: retention deletes only committed records, so the log start never passes the high watermark. */
    @Test
    void retentionNeverDeletesASegmentReachingTheHighWatermark() throws IOException {
        open(SMALL.with(Map.of(LogConfig.RETENTION_BYTES, "0")));
        appendRecords(3_000, T0);
        long highWatermark = log.segmentBaseOffsets().get(3) + 1;

        log.maybeApplyRetention(highWatermark);

        assertThat(log.logStartOffset()).isEqualTo(log.segmentBaseOffsets().get(0)).isLessThanOrEqualTo(highWatermark);
        assertThat(log.segmentBaseOffsets().get(0)).as("the segment holding the high watermark is kept")
                .isLessThan(highWatermark);
        log.maybeApplyRetention(log.logEndOffset());
        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void retentionSurvivesReopen() throws IOException {
        open(SMALL.with(Map.of(LogConfig.RETENTION_BYTES, "10000")));
        appendRecords(2_000, T0);
        log.maybeApplyRetention(log.logEndOffset());
        long start = log.logStartOffset();
        log.close();

        open(SMALL);
        assertThat(log.logStartOffset()).isEqualTo(start).isPositive();
        assertThat(log.logEndOffset()).isEqualTo(2_000);
    }

    @Test
    void flushMessagesMovesTheRecoveryPoint() throws IOException {
        open(SMALL.with(Map.of(LogConfig.FLUSH_MESSAGES, "10")));
        log.appendAsLeader(batch(0, 6, T0), 0);
        assertThat(log.recoveryPoint()).isZero();

        log.appendAsLeader(batch(6, 6, T0), 0);
        assertThat(log.recoveryPoint()).isEqualTo(12);
    }

    @Test
    void flushMsFlushesOnTheNextCheckAfterTheInterval() throws IOException {
        open(SMALL.with(Map.of(LogConfig.FLUSH_MS, "1000")));
        log.appendAsLeader(batch(0, 3, T0), 0);
        log.maybeFlush();
        assertThat(log.recoveryPoint()).isZero();

        clock.advance(1000);
        log.maybeFlush();
        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void segmentMsRollsAnOldActiveSegment() throws IOException {
        open(LogConfig.DEFAULTS.with(Map.of(LogConfig.SEGMENT_MS, "1000")));
        log.appendAsLeader(batch(0, 3, T0), 0);
        clock.advance(1000);
        log.appendAsLeader(batch(3, 3, T0), 0);

        assertThat(log.segmentBaseOffsets()).containsExactly(0L, 3L);
    }

    @Test
    void leaderEpochIsStampedOnEveryBatch() throws IOException {
        open(SMALL);
        log.appendAsLeader(batch(0, 2, T0), 7);

        assertThat(TestBatches.batches(log.read(0, 100).records()).get(0).partitionLeaderEpoch()).isEqualTo(7);
    }

    @Test
    void badBatchesAreRefusedWithTheirCodeAndLeaveTheLogUntouched() throws IOException {
        open(SMALL.with(Map.of(LogConfig.MAX_MESSAGE_BYTES, "2000")));
        log.appendAsLeader(batch(0, 3, T0), 0);

        ByteBuffer flipped = batch(3, 3, T0);
        flipped.put(flipped.limit() - 2, (byte) (flipped.get(flipped.limit() - 2) ^ 0x10));
        assertRefused(flipped, ErrorCode.CORRUPT_MESSAGE, "CRC");

        ByteBuffer oldMagic = batch(3, 3, T0);
        oldMagic.put(16, (byte) 1);
        assertRefused(oldMagic, ErrorCode.CORRUPT_MESSAGE, "magic 1");

        ByteBuffer torn = batch(3, 3, T0);
        torn.limit(torn.limit() - 5);
        assertRefused(torn, ErrorCode.CORRUPT_MESSAGE, "trailing bytes");

        assertRefused(TestBatches.sized(10, 400, T0), ErrorCode.MESSAGE_TOO_LARGE, "max.message.bytes 2000");
        assertRefused(ByteBuffer.allocate(0), ErrorCode.INVALID_REQUEST, "no record batch");
        assertRefused(ByteBuffer.wrap(new byte[100]), ErrorCode.CORRUPT_MESSAGE, "record batch 0");

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(decode(log.read(0, 1 << 20).records())).containsExactly("0:v0", "1:v1", "2:v2");
        assertThat(log.appendAsLeader(batch(3, 1, T0), 0).firstOffset()).isEqualTo(3);
    }

    private void assertRefused(ByteBuffer records, ErrorCode code, String message) {
        assertThatThrownBy(() -> log.appendAsLeader(records, 0))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((StrataException) e).code()).isEqualTo(code);
    }

    /**
     * Segments below the recovery point are trusted and only their tail after the last index entry
     * is read: before the scan continued from that entry's offset, every segment with more than one
     * index entry looked torn, and each reopen re-validated the whole log.
     */
    @Test
    void aCleanlyClosedLogReopensWithoutRecoveringAnySegment() throws IOException {
        open(SMALL);
        List<String> written = appendRecords(3_000, T0);
        log.close();
        List<String> warnings = new ArrayList<>();
        java.util.logging.Logger segmentLog = java.util.logging.Logger.getLogger(Segment.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        segmentLog.addHandler(handler);
        try {
            open(SMALL);
        } finally {
            segmentLog.removeHandler(handler);
        }

        assertThat(warnings).isEmpty();
        assertThat(log.logEndOffset()).isEqualTo(3_000);
        assertThat(readAll(0, 8192)).containsExactlyElementsOf(written);
    }

    @Test
    void deleteRemovesTheDirectory() throws IOException {
        open(SMALL);
        appendRecords(500, T0);
        log.delete();

        assertThat(dir.resolve("orders-0")).doesNotExist();
        log = null;
    }
}
