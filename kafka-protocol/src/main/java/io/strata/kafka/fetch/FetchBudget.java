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
 * larger than its limit). A batch is never cut. The rule sees only batch sizes, so records in memory
 * and records left in their file ({@link io.strata.kafka.backend.FileBatches}) are trimmed alike.
 * Pure functions; stateless.
 */
final class FetchBudget {

    private FetchBudget() {
    }

    /**
     * The records each partition may return: a prefix of whole batches of each input (read-only
     * slices, never copies).
     */
    static List<ByteBuffer> trim(List<ByteBuffer> reads, int maxBytes) {
        List<int[]> sizes = reads.stream().map(FetchBudget::batchSizes).toList();
        int[] kept = keptBatches(sizes, maxBytes);
        List<ByteBuffer> trimmed = new ArrayList<>(reads.size());
        for (int i = 0; i < reads.size(); i++) {
            ByteBuffer read = reads.get(i);
            int bytes = 0;
            for (int b = 0; b < kept[i]; b++) {
                bytes += sizes.get(i)[b];
            }
            trimmed.add(read.slice(read.position(), bytes).asReadOnlyBuffer());
        }
        return trimmed;
    }

    /**
     * How many whole batches, from the first, each partition keeps.
     *
     * @param batchSizes per partition in request order, its batches' sizes in log order
     */
    static int[] keptBatches(List<int[]> batchSizes, int maxBytes) {
        int[] kept = new int[batchSizes.size()];
        long remaining = Math.max(0, maxBytes);
        boolean first = true;
        for (int i = 0; i < kept.length; i++) {
            long bytes = 0;
            int count = 0;
            for (int size : batchSizes.get(i)) {
                if (bytes + size > remaining && !(first && count == 0)) {
                    break;
                }
                bytes += size;
                count++;
            }
            kept[i] = count;
            if (bytes > 0) {
                first = false;
                remaining = Math.max(0, remaining - bytes);
            }
        }
        return kept;
    }

    /** The sizes of the whole batches of {@code records}, in order. */
    static int[] batchSizes(ByteBuffer records) {
        List<Integer> sizes = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(records.duplicate()).batches()) {
            sizes.add(batch.sizeInBytes());
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
