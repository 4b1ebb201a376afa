package io.strata.kafka.fetch;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's response size rule for Fetch: the partitions, in request order, share the request's
 * {@code max_bytes}; each keeps the whole batches that still fit, except that the first partition
 * with data keeps at least its first batch whatever its size (so a consumer never stalls on a batch
 * larger than its limit). A batch is never cut. Pure function; stateless.
 */
final class FetchBudget {

    private FetchBudget() {
    }

    /**
     * The records each partition may return: a prefix of whole batches of each input (read-only
     * slices, never copies).
     */
    static List<ByteBuffer> trim(List<ByteBuffer> reads, int maxBytes) {
        List<ByteBuffer> kept = new ArrayList<>(reads.size());
        long remaining = Math.max(0, maxBytes);
        boolean first = true;
        for (ByteBuffer read : reads) {
            int size = wholeBatchesWithin(read, remaining, first);
            kept.add(read.slice(read.position(), size).asReadOnlyBuffer());
            if (size > 0) {
                first = false;
                remaining = Math.max(0, remaining - size);
            }
        }
        return kept;
    }

    /** The bytes of the longest run of whole batches from the start of {@code records} within {@code limit}. */
    static int wholeBatchesWithin(ByteBuffer records, long limit, boolean atLeastOne) {
        int size = 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(records.duplicate()).batches()) {
            int batchBytes = batch.sizeInBytes();
            if (size + (long) batchBytes > limit && !(atLeastOne && size == 0)) {
                break;
            }
            size += batchBytes;
        }
        return size;
    }
}
