package io.strata.gateway.produce;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts records into uncompressed RecordBatch v2 batches of about {@code batchBytes} each, in order.
 * A record larger than that gets a batch of its own (the leader then refuses it with
 * MESSAGE_TOO_LARGE if it is above the topic's {@code max.message.bytes}). Base offsets are 0:
 * the leader assigns the real ones. Pure; thread-safe.
 */
public final class BatchBuilder {

    private static final Header[] NO_HEADERS = new Header[0];

    private final int batchBytes;

    public BatchBuilder(int batchBytes) {
        if (batchBytes < 64) {
            throw new IllegalArgumentException("batchBytes must be at least 64, got " + batchBytes);
        }
        this.batchBytes = batchBytes;
    }

    /** The records' batches, in order; {@code nowMs} is the timestamp of records that carry none. */
    public List<BuiltBatch> build(List<OutgoingRecord> records, long nowMs) {
        List<BuiltBatch> batches = new ArrayList<>();
        MemoryRecordsBuilder builder = null;
        for (OutgoingRecord record : records) {
            long timestamp = record.timestampMs() > 0 ? record.timestampMs() : nowMs;
            Header[] headers = record.headers().isEmpty() ? NO_HEADERS : record.headers().toArray(NO_HEADERS);
            if (builder != null && !builder.hasRoomFor(timestamp, record.key(), record.value(), headers)) {
                batches.add(close(builder));
                builder = null;
            }
            if (builder == null) {
                builder = newBuilder(record);
            }
            builder.append(timestamp, record.key(), record.value(), headers);
        }
        if (builder != null) {
            batches.add(close(builder));
        }
        return batches;
    }

    /** Starts small (the buffer grows as needed) but stops taking records at batchBytes. */
    private MemoryRecordsBuilder newBuilder(OutgoingRecord first) {
        int initial = Math.min(batchBytes, 128 + first.payloadBytes() * 2);
        return new MemoryRecordsBuilder(ByteBuffer.allocate(initial), RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
                TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH, batchBytes);
    }

    private static BuiltBatch close(MemoryRecordsBuilder builder) {
        MemoryRecords built = builder.build();
        return new BuiltBatch(built.buffer(), builder.numRecords());
    }
}
