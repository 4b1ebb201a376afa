package io.strata.gateway.fetch;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.CloseableIterator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the whole batches a leader answers a fetch with into the records a REST reader asked for:
 * those at or after the requested offset (the first batch may start earlier), below the high
 * watermark, at most {@code maxRecords}. Compressed batches are decompressed by kafka-clients.
 * Pure; thread-safe.
 */
public final class RecordDecoder {

    private RecordDecoder() {
    }

    public static List<FetchedRecord> decode(ByteBuffer batches, long fromOffset, long highWatermark, int maxRecords) {
        List<FetchedRecord> records = new ArrayList<>();
        try {
            for (RecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
                if (batch.lastOffset() < fromOffset) {
                    continue;
                }
                try (CloseableIterator<Record> it = batch.streamingIterator(org.apache.kafka.common.utils.BufferSupplier.NO_CACHING)) {
                    while (it.hasNext()) {
                        Record record = it.next();
                        if (record.offset() >= highWatermark || records.size() >= maxRecords) {
                            return records;
                        }
                        if (record.offset() >= fromOffset) {
                            records.add(new FetchedRecord(record.offset(), record.timestamp(), bytes(record.key()),
                                    bytes(record.value()), Arrays.asList(record.headers())));
                        }
                    }
                }
            }
        } catch (KafkaException e) {
            throw new StrataException(ErrorCode.CORRUPT_MESSAGE, "cannot decode the batches read at offset "
                    + fromOffset + ": " + e.getMessage(), e);
        }
        return records;
    }

    /** One past the last offset of the last batch, or {@code fromOffset} when there is none. */
    public static long nextOffset(ByteBuffer batches, long fromOffset) {
        long next = fromOffset;
        for (RecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            next = Math.max(next, batch.lastOffset() + 1);
        }
        return next;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
