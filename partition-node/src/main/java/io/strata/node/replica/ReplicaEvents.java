package io.strata.node.replica;

import java.util.Set;

/**
 * What replicas tell whoever watches them (the node's metrics): ISR changes a leader saw accepted
 * and how long acks=all appends waited for their in-sync replicas. Called on the thread that made
 * the change, outside the replica's lock; implementations must be thread-safe and quick (no I/O,
 * no blocking), since they run on append and replication paths.
 */
public interface ReplicaEvents {

    /** Nothing watches. */
    ReplicaEvents NONE = new ReplicaEvents() {
        @Override
        public void isrChanged(TopicPartition partition, Set<Integer> before, Set<Integer> after) {
        }

        @Override
        public void acknowledged(TopicPartition partition, long waitNanos) {
        }
    };

    /** The metadata accepted this leader's ISR change of {@code partition} from {@code before} to {@code after}. */
    void isrChanged(TopicPartition partition, Set<Integer> before, Set<Integer> after);

    /** An acks=all append to {@code partition} was acknowledged {@code waitNanos} after it was written. */
    void acknowledged(TopicPartition partition, long waitNanos);
}
