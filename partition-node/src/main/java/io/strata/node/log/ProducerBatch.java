package io.strata.node.log;

/**
 * The producer fields of one RecordBatch v2 (producer id, epoch, base sequence) with the offsets
 * and largest timestamp the batch holds: everything idempotence needs to know about a batch.
 *
 * <p>A producer id below 0 ({@code RecordBatch.NO_PRODUCER_ID}, −1, as the gateway builds for
 * REST) means the batch is not idempotent: it is never checked nor remembered.
 *
 * <p>Sequence numbers count records per producer and partition and wrap from
 * {@link Integer#MAX_VALUE} to 0, as in Kafka: a batch's last sequence is its base sequence plus
 * its last offset delta, modulo that wrap.
 */
record ProducerBatch(long producerId, short producerEpoch, int firstSeq, int lastSeq, long firstOffset,
                     long lastOffset, long maxTimestamp) {

    boolean hasProducerId() {
        return producerId >= 0;
    }

    BatchMetadata metadata() {
        return new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp);
    }

    /** The sequence of the last record of a batch of {@code lastOffsetDelta + 1} records from {@code baseSequence}. */
    static int lastSequence(int baseSequence, int lastOffsetDelta) {
        if (baseSequence > Integer.MAX_VALUE - lastOffsetDelta) {
            return lastOffsetDelta - (Integer.MAX_VALUE - baseSequence) - 1;
        }
        return baseSequence + lastOffsetDelta;
    }

    /** Whether a batch starting at {@code firstSeq} directly follows one that ended at {@code lastSeq}. */
    static boolean follows(int lastSeq, int firstSeq) {
        return lastSeq == Integer.MAX_VALUE ? firstSeq == 0 : firstSeq == lastSeq + 1;
    }
}
