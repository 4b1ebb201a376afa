package io.strata.client.producer;

/**
 * The partition queues of one topic, indexed by partition. The array only grows (a topic's
 * partition count never shrinks), and is replaced, never changed in place, so readers need no lock.
 */
final class TopicQueues {

    final String topic;
    /** The topic's max.message.bytes (largest batch a leader takes); 0 while unknown. */
    volatile int maxBatchBytes;
    private volatile PartitionQueue[] queues = new PartitionQueue[0];

    TopicQueues(String topic) {
        this.topic = topic;
    }

    PartitionQueue queue(int partition) {
        PartitionQueue[] current = queues;
        if (partition < current.length && current[partition] != null) {
            return current[partition];
        }
        return create(partition);
    }

    /** The queues that exist, some entries possibly null. */
    PartitionQueue[] all() {
        return queues;
    }

    private synchronized PartitionQueue create(int partition) {
        PartitionQueue[] current = queues;
        if (partition < current.length && current[partition] != null) {
            return current[partition];
        }
        PartitionQueue[] grown = java.util.Arrays.copyOf(current, Math.max(current.length, partition + 1));
        grown[partition] = new PartitionQueue(topic, partition);
        queues = grown;
        return grown[partition];
    }
}
