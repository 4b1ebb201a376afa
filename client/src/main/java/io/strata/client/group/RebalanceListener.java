package io.strata.client.group;

import io.strata.client.TopicPartition;

import java.util.Collection;

/**
 * Told when the group moves partitions to or from this consumer, as Kafka's
 * ConsumerRebalanceListener. Called on the thread that calls {@code poll}, inside it: revocations
 * before the partitions are given up (commit or flush work for them here), assignments after the
 * new partitions have their starting positions.
 */
public interface RebalanceListener {

    /** These partitions are being taken away; this consumer still owns them during the call. */
    default void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }

    /** These partitions are now this consumer's. */
    default void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    }

    /**
     * These partitions were lost without a clean hand-over (the group removed this consumer, e.g.
     * after its session timed out): another member may already read them, so do not commit.
     */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
