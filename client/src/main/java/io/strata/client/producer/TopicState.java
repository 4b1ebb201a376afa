package io.strata.client.producer;

import java.util.ArrayDeque;
import java.util.function.IntUnaryOperator;

/**
 * What the producer knows of one topic: its partition count (from DescribeTopics, refreshed after
 * UNKNOWN_TOPIC_OR_PARTITION and every metadata.max.age.ms), the sticky partition of its keyless
 * records, its partition queues, and the records that wait for the partition count.
 *
 * <p>Invariant: while records are pending, every new record of the topic is pending too, so a
 * record never overtakes one sent before it. Guarded by its own monitor.
 */
final class TopicState {

    static final int UNKNOWN = -1;

    final String name;
    final TopicQueues queues;
    final StickyPartition sticky;
    final ArrayDeque<PendingRecord> pending = new ArrayDeque<>();
    /** Partition count from the last answer; UNKNOWN before the first or when the topic does not exist. */
    int partitionCount = UNKNOWN;
    /** Whether the last answer said the topic does not exist. */
    boolean missing;
    boolean refreshInFlight;
    /** When the DescribeTopics under way (or the last one) was sent. */
    long describeSentNanos;
    /** The topic was missing for a DescribeTopics sent at this time: records waiting since before it fail. */
    long missingAsOfNanos;
    boolean refreshWanted = true;
    long refreshedNanos;
    long refreshNotBeforeNanos;
    int refreshFailures;

    TopicState(String name, TopicQueues queues, int batchSize, IntUnaryOperator random) {
        this.name = name;
        this.queues = queues;
        this.sticky = new StickyPartition(batchSize, random);
    }

    /**
     * The partition of a record when it can be sent straight away, else {@link #UNKNOWN} (the
     * record must wait: count unknown, records already waiting, or a partition past the count).
     * Caller holds the monitor.
     */
    int partitionNow(ProducerRecord record, int recordBytes) {
        if (partitionCount <= 0 || !pending.isEmpty()) {
            return UNKNOWN;
        }
        return choose(record, recordBytes);
    }

    /** The partition with the count known; may be ≥ the count for an explicit partition. Caller holds the monitor. */
    int choose(ProducerRecord record, int recordBytes) {
        if (record.partition() != null) {
            int partition = record.partition();
            if (partition >= partitionCount) {
                refreshWanted = true;
                return UNKNOWN;
            }
            return partition;
        }
        if (record.key() != null) {
            return KeyPartitioner.partition(record.key(), partitionCount);
        }
        return sticky.next(partitionCount, recordBytes);
    }

    /** Whether the last answer showed this partition: a produce refused as unknown is then worth retrying. */
    synchronized boolean knownPartition(int partition) {
        return !missing && partition < partitionCount;
    }
}
