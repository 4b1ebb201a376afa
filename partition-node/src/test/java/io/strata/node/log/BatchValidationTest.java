package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.node.log.LyingBatches.BASE_SEQUENCE;
import static io.strata.node.log.LyingBatches.LAST_OFFSET_DELTA;
import static io.strata.node.log.LyingBatches.MAX_TIMESTAMP;
import static io.strata.node.log.LyingBatches.PRODUCER_EPOCH;
import static io.strata.node.log.LyingBatches.PRODUCER_ID;
import static io.strata.node.log.LyingBatches.RECORD_COUNT;
import static io.strata.node.log.LyingBatches.lie;
import static io.strata.node.log.TestBatches.batch;
import static io.strata.node.log.TestBatches.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One test per validation rule, each with a batch that lies about exactly that field (CRC
 * recomputed, so only that rule can catch it). Every refusal must carry its exact code, name the
 * batch and the field, and leave the log as it was: the log end offset never moves backwards,
 * and a crash recovery of the log afterwards keeps every record (it never meets a lying batch).
 */
class BatchValidationTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock(T0);
    private final List<FileHandles> handles = new ArrayList<>();
    private PartitionLog log;

    @AfterEach
    void closeAll() {
        if (log != null) {
            log.close();
        }
        handles.forEach(FileHandles::close);
    }

    private PartitionLog open(LogConfig config) throws IOException {
        FileHandles files = new FileHandles(32);
        handles.add(files);
        log = PartitionLog.open(root.resolve("events-0"), config, files, clock);
        return log;
    }

    /** Three good records, then the refusal, then checks that nothing moved and recovery keeps all. */
    private void assertRefusedAndHarmless(ByteBuffer lying, ErrorCode code, String... phrases) throws IOException {
        open(LogConfig.DEFAULTS);
        log.appendAsLeader(batch(0, 3, T0), 0);
        assertThatThrownBy(() -> log.appendAsLeader(lying, 0))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(phrases);
                });
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.appendAsLeader(batch(3, 2, T0), 0).firstOffset()).isEqualTo(3);
        assertRecoveryKeepsEverything(5);
    }

    /** Reopens the log as after a crash with nothing flushed: every segment is recovered from its bytes. */
    private void assertRecoveryKeepsEverything(long logEndOffset) throws IOException {
        Path dir = log.dir();
        log = null;
        Files.deleteIfExists(dir.resolve("recovery-point"));
        open(LogConfig.DEFAULTS);
        assertThat(log.logEndOffset()).isEqualTo(logEndOffset);
        assertThat(TestBatches.readAll(log, 0, 1 << 20)).hasSize((int) logEndOffset);
    }

    @Test
    void anEmptyBatchOfTheBugReportIsRefusedByLeaderAndFollower() throws IOException {
        ByteBuffer empty = LyingBatches.empty(T0);
        assertThat(empty.remaining()).isEqualTo(61);
        assertRefusedAndHarmless(empty, ErrorCode.CORRUPT_MESSAGE, "record batch 0", "recordCount", "0 records");

        ByteBuffer copied = LyingBatches.empty(T0);
        copied.putLong(0, log.logEndOffset());
        assertThatThrownBy(() -> log.appendAsFollower(copied)).isInstanceOfSatisfying(StrataException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void aNegativeLastOffsetDeltaCannotMoveTheLogEndBackwards() throws IOException {
        // The bug report's case: count and delta agree (count = delta + 1), both below zero.
        ByteBuffer consistent = lie(batch(0, 1, T0), b -> b.putInt(LAST_OFFSET_DELTA, -5).putInt(RECORD_COUNT, -4));
        assertRefusedAndHarmless(consistent, ErrorCode.CORRUPT_MESSAGE, "record batch 0", "recordCount", "-4");
        ByteBuffer backwards = lie(batch(0, 1, T0), b -> b.putInt(LAST_OFFSET_DELTA, -5));
        assertThatThrownBy(() -> log.appendAsLeader(backwards, 0)).hasMessageContaining("lastOffsetDelta");
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void aRecordCountThatDisagreesWithTheLastOffsetDeltaIsRefused() throws IOException {
        ByteBuffer lying = lie(batch(0, 3, T0), b -> b.putInt(RECORD_COUNT, 2));
        assertRefusedAndHarmless(lying, ErrorCode.CORRUPT_MESSAGE, "lastOffsetDelta", "recordCount 2");
    }

    @Test
    void aBatchAnnouncingMoreRecordsThanItHoldsIsRefused() throws IOException {
        ByteBuffer lying = lie(batch(0, 2, T0), b -> b.putInt(RECORD_COUNT, 3).putInt(LAST_OFFSET_DELTA, 2));
        assertRefusedAndHarmless(lying, ErrorCode.CORRUPT_MESSAGE, "field recordCount", "3 records announced", "after 2");
    }

    @Test
    void aBatchHoldingMoreRecordsThanItAnnouncesIsRefused() throws IOException {
        ByteBuffer lying = lie(batch(0, 3, T0), b -> b.putInt(RECORD_COUNT, 2).putInt(LAST_OFFSET_DELTA, 1));
        assertRefusedAndHarmless(lying, ErrorCode.CORRUPT_MESSAGE, "field batchLength", "follow the last of 2 records");
    }

    @Test
    void offsetDeltasMustRunFromZeroWithoutGaps() throws IOException {
        assertRefusedAndHarmless(LyingBatches.withOffsetDeltas(T0, 0, 1, 3), ErrorCode.CORRUPT_MESSAGE,
                "field offsetDelta", "record 2 has offset delta 3");
    }

    @Test
    void aRecordWhoseEncodingIsBrokenIsRefused() throws IOException {
        // The first record's length varint (at 61) claims 2 bytes more than the record has.
        ByteBuffer broken = lie(batch(0, 2, T0), b -> b.put(61, (byte) (b.get(61) + 4)));
        assertRefusedAndHarmless(broken, ErrorCode.CORRUPT_MESSAGE, "field records", "cannot decode");
    }

    @Test
    void aTimestampLaterThanAfterMaxIsRefusedNamingBatchRecordTimestampAndBound() throws IOException {
        long tooLate = T0 + HOUR + 1;
        ByteBuffer future = LyingBatches.withTimestamps(TimestampType.CREATE_TIME, T0, tooLate);
        assertRefusedAndHarmless(concat(batch(0, 1, T0), future), ErrorCode.INVALID_TIMESTAMP, "record batch 1",
                "field timestamp", "record 1", Long.toString(tooLate), "message.timestamp.after.max.ms", Long.toString(T0 + HOUR));
    }

    @Test
    void timestampsAtTheBoundsAreAcceptedAndBeforeMaxIsATopicConfig() throws IOException {
        open(LogConfig.DEFAULTS.with(Map.of(LogConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS, "1000",
                LogConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS, "10")));
        log.appendAsLeader(LyingBatches.withTimestamps(TimestampType.CREATE_TIME, T0 - 1000, T0 + 10,
                RecordBatch.NO_TIMESTAMP), 0);
        assertThatThrownBy(() -> log.appendAsLeader(LyingBatches.withTimestamps(TimestampType.CREATE_TIME, T0 - 1001), 0))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIMESTAMP);
                    assertThat(e.getMessage()).contains("record 0", Long.toString(T0 - 1001),
                            "message.timestamp.before.max.ms", Long.toString(T0 - 1000));
                });
        assertThat(log.logEndOffset()).isEqualTo(3);
    }

    @Test
    void theDefaultsAreKafka4s() {
        assertThat(LogConfig.DEFAULTS.messageTimestampAfterMaxMs()).isEqualTo(HOUR);
        assertThat(LogConfig.DEFAULTS.messageTimestampBeforeMaxMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMaxTimestampThatNoRecordCarriesIsRefused() throws IOException {
        long year3000 = 32_503_680_000_000L;
        ByteBuffer lying = lie(batch(0, 2, T0), b -> b.putLong(MAX_TIMESTAMP, year3000));
        assertRefusedAndHarmless(lying, ErrorCode.INVALID_RECORD, "field maxTimestamp", Long.toString(year3000));
    }

    @Test
    void logAppendTimeBatchesAreStampedNotBounded() throws IOException {
        open(LogConfig.DEFAULTS);
        ByteBuffer appendTime = LyingBatches.withTimestamps(TimestampType.LOG_APPEND_TIME, T0 + 100 * HOUR);
        log.appendAsLeader(appendTime, 0);
        assertThat(TestBatches.batches(log.read(0, 1 << 20).records()).get(0).maxTimestamp()).isEqualTo(T0);
    }

    @Test
    void followersDoNotApplyTimestampBounds() throws IOException {
        open(LogConfig.DEFAULTS);
        ByteBuffer future = LyingBatches.withTimestamps(TimestampType.CREATE_TIME, T0 + 100 * HOUR);
        assertThat(log.appendAsFollower(future).lastOffset()).isZero();
    }

    @Test
    void aFollowerRefusesACorruptedCopy() throws IOException {
        open(LogConfig.DEFAULTS);
        ByteBuffer flipped = batch(0, 2, T0);
        flipped.put(flipped.limit() - 1, (byte) (flipped.get(flipped.limit() - 1) ^ 1));
        assertThatThrownBy(() -> log.appendAsFollower(flipped)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE);
            assertThat(e.getMessage()).contains("field crc");
        });
        ByteBuffer backwards = lie(batch(0, 1, T0), b -> b.putInt(LAST_OFFSET_DELTA, -3));
        assertThatThrownBy(() -> log.appendAsFollower(backwards)).isInstanceOfSatisfying(StrataException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_MESSAGE));
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void transactionalBatchesAreRefusedUntilTransactionsExist() throws IOException {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, T0, 9L, (short) 0, 0, true, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        builder.append(T0, null, new byte[] {1});
        assertRefusedAndHarmless(builder.build().buffer(), ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
                "field attributes", "transactional");
    }

    @Test
    void controlBatchesAreRefused() throws IOException {
        ByteBuffer marker = MemoryRecords.withEndTransactionMarker(T0, 9L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer();
        assertRefusedAndHarmless(marker, ErrorCode.INVALID_RECORD, "field attributes", "control batch");
    }

    @Test
    void producerFieldsMustBeConsistent() throws IOException {
        ByteBuffer badId = lie(batch(0, 1, T0), b -> b.putLong(PRODUCER_ID, -2));
        assertRefusedAndHarmless(badId, ErrorCode.INVALID_RECORD, "field producerId", "-2");
        log.close();
        log = null;
        ByteBuffer noEpoch = lie(TestBatches.idempotent(7, 0, 0, 1, T0), b -> b.putShort(PRODUCER_EPOCH, (short) -1));
        ByteBuffer noSequence = lie(TestBatches.idempotent(7, 0, 0, 1, T0), b -> b.putInt(BASE_SEQUENCE, -1));
        open(LogConfig.DEFAULTS);
        assertThatThrownBy(() -> log.appendAsLeader(noEpoch, 0)).hasMessageContaining("field producerEpoch");
        assertThatThrownBy(() -> log.appendAsLeader(noSequence, 0)).hasMessageContaining("field baseSequence");
    }

    @Test
    void sequencesWrapAsInKafka() {
        ByteBuffer wrapping = TestBatches.idempotent(7, 0, Integer.MAX_VALUE - 1, 3, T0);
        ValidatedBatches batches = ValidatedBatches.validate(wrapping, ProduceLimits.of(LogConfig.DEFAULTS, T0));
        assertThat(batches.producerBatches().get(0).firstSeq()).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(batches.producerBatches().get(0).lastSeq()).isZero();
    }

    @Test
    void everyCompressionIsDecodedAndAccepted() throws IOException {
        open(LogConfig.DEFAULTS);
        List<Compression> all = List.of(Compression.gzip().build(), Compression.snappy().build(),
                Compression.lz4().build(), Compression.zstd().build());
        for (Compression compression : all) {
            log.appendAsLeader(LyingBatches.compressed(compression, 10, 100, T0), 0);
        }
        assertThat(log.logEndOffset()).isEqualTo(40);
        assertThat(TestBatches.readAll(log, 0, 1 << 20)).hasSize(40);
    }

    @Test
    void aCompressedBatchThatDoesNotDecompressIsRefused() throws IOException {
        ByteBuffer garbage = lie(LyingBatches.compressed(Compression.zstd().build(), 10, 100, T0),
                b -> b.put(b.limit() - 8, (byte) (b.get(b.limit() - 8) ^ 0x55)).put(70, (byte) 0x42));
        assertRefusedAndHarmless(garbage, ErrorCode.CORRUPT_MESSAGE, "record batch 0", "field records");
    }

    @Test
    void aCompressedBatchLyingAboutItsCountIsRefused() throws IOException {
        ByteBuffer lying = lie(LyingBatches.compressed(Compression.lz4().build(), 3, 10, T0),
                b -> b.putInt(RECORD_COUNT, 4).putInt(LAST_OFFSET_DELTA, 3));
        assertRefusedAndHarmless(lying, ErrorCode.CORRUPT_MESSAGE, "field records");
    }

    @Test
    void aCompressionBombIsRefusedAtTheDecompressionBound() throws IOException {
        ByteBuffer bomb = LyingBatches.compressed(Compression.zstd().build(), 4, 1 << 20, T0);
        assertThat(bomb.remaining()).isLessThan(2048);
        open(LogConfig.DEFAULTS.withMaxDecompressedBatchBytes(2 << 20));
        assertThatThrownBy(() -> log.appendAsLeader(bomb, 0)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
            assertThat(e.getMessage()).contains("record batch 0", "strata.node.max-decompressed-batch-bytes 2097152");
        });
        assertThat(log.logEndOffset()).isZero();
        log.appendAsLeader(LyingBatches.compressed(Compression.zstd().build(), 1, 1 << 20, T0), 0);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void aLaterLyingBatchRefusesTheWholeAppendNamingItsIndex() throws IOException {
        ByteBuffer request = concat(batch(0, 1, T0), batch(1, 1, T0), LyingBatches.empty(T0));
        assertRefusedAndHarmless(request, ErrorCode.CORRUPT_MESSAGE, "record batch 2", "recordCount");
    }
}
