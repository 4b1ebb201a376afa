package io.strata.client.producer;

import org.apache.kafka.common.record.DefaultRecordBatch;

/**
 * The sequence numbers of one partition for an idempotent producer, with Kafka's semantics: each
 * batch carries the sequence of its first record, the next batch starts where it ended (counting
 * records), and after {@link Integer#MAX_VALUE} the count wraps to 0. A new producer id starts
 * again at 0.
 *
 * <p>Confined to the sender thread (batches are stamped when they are first sent, in order).
 */
final class PartitionSequence {

    private long producerId = -1;
    private int next;

    /** The base sequence for a batch of {@code records} records stamped with {@code producerId}. */
    int assign(long producerId, int records) {
        if (producerId != this.producerId) {
            this.producerId = producerId;
            next = 0;
        }
        int base = next;
        next = DefaultRecordBatch.incrementSequence(next, records);
        return base;
    }

    /** The sequence the next batch would get under the current producer id. */
    int next() {
        return next;
    }
}
