package io.strata.node.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Record batches that lie about one field, with a CRC32C recomputed to match, so that only the
 * check of that field can refuse them. Offsets are RecordBatch v2's (see {@link BatchHeader}).
 */
final class LyingBatches {

    static final int ATTRIBUTES = 21;
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int PRODUCER_ID = 43;
    static final int PRODUCER_EPOCH = 51;
    static final int BASE_SEQUENCE = 53;
    static final int RECORD_COUNT = 57;
    static final int RECORDS = 61;

    private LyingBatches() {
    }

    /** {@code batch} (a copy) edited by {@code edit}, its CRC recomputed so that it still matches. */
    static ByteBuffer lie(ByteBuffer batch, Consumer<ByteBuffer> edit) {
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        edit.accept(copy);
        return withCrc(copy);
    }

    /** Rewrites the CRC32C of the single batch in {@code batch} over bytes 21..end. */
    static ByteBuffer withCrc(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(21));
        batch.putInt(17, (int) crc.getValue());
        return batch;
    }

    /** The bug report's batch: a 61-byte header with no records, count 0, last offset delta -1. */
    static ByteBuffer empty(long timestamp) {
        ByteBuffer one = TestBatches.batch(0, 1, timestamp);
        ByteBuffer empty = ByteBuffer.allocate(RECORDS).put(one.duplicate().limit(RECORDS)).flip();
        empty.putInt(8, RECORDS - 12);
        empty.putInt(LAST_OFFSET_DELTA, -1);
        empty.putInt(RECORD_COUNT, 0);
        return withCrc(empty);
    }

    /** A batch of {@code count} records compressed with {@code compression}, all at {@code timestamp}. */
    static ByteBuffer compressed(Compression compression, int count, int valueSize, long timestamp) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + count * (valueSize + 64)),
                RecordBatch.CURRENT_MAGIC_VALUE, compression, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[valueSize];
        for (int i = 0; i < count; i++) {
            builder.append(timestamp, null, value);
        }
        return builder.build().buffer();
    }

    /** A batch whose records carry these offset deltas (the header's count and delta set to match a dense batch). */
    static ByteBuffer withOffsetDeltas(long timestamp, int... deltas) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int delta : deltas) {
            builder.appendWithOffset(delta, timestamp, null, ("d" + delta).getBytes(StandardCharsets.UTF_8));
        }
        return lie(builder.build().buffer(), b -> {
            b.putInt(LAST_OFFSET_DELTA, deltas.length - 1);
            b.putInt(RECORD_COUNT, deltas.length);
        });
    }

    /** A batch with one record per timestamp given, in order, with the header's maxTimestamp right. */
    static ByteBuffer withTimestamps(TimestampType type, long... timestamps) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, type, 0L, type == TimestampType.LOG_APPEND_TIME ? 0L : -1L);
        for (long timestamp : timestamps) {
            builder.append(timestamp, null, ("t" + timestamp).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }
}
