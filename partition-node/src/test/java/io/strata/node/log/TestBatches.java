package io.strata.node.log;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds producer-style record batches and decodes what a log returns, for the log tests. */
final class TestBatches {

    private TestBatches() {
    }

    /** One batch of {@code count} records valued "v<first>".."v<first+count-1>", all at {@code timestamp}. */
    static ByteBuffer batch(int first, int count, long timestamp) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + count * 64),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (int i = first; i < first + count; i++) {
            builder.append(timestamp, null, ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    /**
     * A batch of an idempotent producer: {@code count} records valued "p<id>e<epoch>s<seq>", one
     * per sequence number from {@code baseSequence}, as the producer would build it (offsets from 0).
     * Building it twice gives the same bytes, as a producer's retry sends.
     */
    static ByteBuffer idempotent(long producerId, int epoch, int baseSequence, int count, long timestamp) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + count * 64),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L,
                RecordBatch.NO_TIMESTAMP, producerId, (short) epoch, baseSequence);
        for (int i = 0; i < count; i++) {
            int sequence = ProducerBatch.lastSequence(baseSequence, i);
            builder.append(timestamp, null, ("p" + producerId + "e" + epoch + "s" + sequence).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build().buffer();
    }

    /** Several batches back to back in one buffer, as one append request carries them. */
    static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer batch : batches) {
            size += batch.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
        }
        return all.flip();
    }

    /** A batch of {@code count} records with {@code valueSize}-byte values. */
    static ByteBuffer sized(int count, int valueSize, long timestamp) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256 + count * (valueSize + 32)),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        byte[] value = new byte[valueSize];
        for (int i = 0; i < count; i++) {
            builder.append(timestamp, null, value);
        }
        return builder.build().buffer();
    }

    /** The records in whole batches as "offset:value" strings. */
    static List<String> decode(ByteBuffer batches) {
        List<String> records = new ArrayList<>();
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                records.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return records;
    }

    /** Every record from {@code from} to the log end, read in reads of at most {@code maxBytes}. */
    static List<String> readAll(PartitionLog log, long from, int maxBytes) {
        List<String> read = new ArrayList<>();
        long offset = from;
        while (offset < log.logEndOffset()) {
            List<String> records = decode(log.read(offset, maxBytes).records());
            if (records.isEmpty()) {
                throw new AssertionError("empty read at offset " + offset + " below the log end " + log.logEndOffset());
            }
            for (String record : records) {
                if (offsetOf(record) >= from) {
                    read.add(record);
                }
            }
            offset = offsetOf(records.get(records.size() - 1)) + 1;
        }
        return read;
    }

    static long offsetOf(String record) {
        return Long.parseLong(record.substring(0, record.indexOf(':')));
    }

    /** The batches in a buffer. */
    static List<MutableRecordBatch> batches(ByteBuffer buffer) {
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(batches::add);
        return batches;
    }
}
