package io.strata.node.log;

import org.apache.kafka.common.record.RecordBatch;

/**
 * The checks of one RecordBatch v2 header that keep a log's own invariants, made on every path
 * that writes or keeps a batch: the leader's append, the follower's copy and segment recovery.
 *
 * <ul>
 *   <li>magic is 2 and the CRC32C (attributes to the end) matches;</li>
 *   <li>{@code recordCount ≥ 1} and {@code recordCount == lastOffsetDelta + 1}: a batch covers
 *       exactly the offsets it counts, so the log end moves forward by its record count (an empty
 *       batch or a negative delta would reuse or skip offsets);</li>
 *   <li>producer fields: a producer id is −1 (none) or 0 or more, and a batch with one carries
 *       a producer epoch and a base sequence of 0 or more (a control batch, a transaction
 *       marker, carries no sequence). Sequences wrap from
 *       {@link Integer#MAX_VALUE} to 0 as in Kafka, so any base sequence fits any count.</li>
 * </ul>
 *
 * Stateless; safe from any thread.
 */
final class BatchStructure {

    private BatchStructure() {
    }

    /** The first thing wrong with {@code batch}'s header, or null when it keeps the log's invariants. */
    static BatchProblem check(RecordBatch batch) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            return BatchProblem.corrupt("magic", "magic " + batch.magic() + " is not supported, only RecordBatch v2 (magic 2)");
        }
        if (!batch.isValid()) {
            return BatchProblem.corrupt("crc", "CRC mismatch: stored " + batch.checksum()
                    + " does not match the batch's bytes");
        }
        Integer count = batch.countOrNull();
        int lastOffsetDelta = lastOffsetDelta(batch);
        if (count == null || count < 1) {
            return BatchProblem.corrupt("recordCount", count + " records; a batch holds at least 1");
        }
        if (count != (long) lastOffsetDelta + 1) {
            return BatchProblem.corrupt("lastOffsetDelta", lastOffsetDelta + " does not match recordCount " + count
                    + " (it must be recordCount - 1)");
        }
        return checkProducerFields(batch);
    }

    private static BatchProblem checkProducerFields(RecordBatch batch) {
        if (batch.producerId() < RecordBatch.NO_PRODUCER_ID) {
            return BatchProblem.invalid("producerId", batch.producerId() + " is neither -1 (none) nor 0 or more");
        }
        if (batch.producerId() == RecordBatch.NO_PRODUCER_ID) {
            return null;
        }
        if (batch.producerEpoch() < 0) {
            return BatchProblem.invalid("producerEpoch", batch.producerEpoch() + " is negative in a batch with producer id "
                    + batch.producerId() + "; an idempotent batch needs an epoch of 0 or more");
        }
        if (batch.baseSequence() < 0 && !batch.isControlBatch()) {
            return BatchProblem.invalid("baseSequence", batch.baseSequence() + " is negative in a batch with producer id "
                    + batch.producerId() + "; an idempotent batch needs a sequence of 0 or more");
        }
        return null;
    }

    /** The batch's last offset delta as stored (exact even where base offset + delta overflows). */
    static int lastOffsetDelta(RecordBatch batch) {
        return (int) (batch.lastOffset() - batch.baseOffset());
    }
}
