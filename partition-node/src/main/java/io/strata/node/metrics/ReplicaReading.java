package io.strata.node.metrics;

import io.strata.node.replica.LeaderState;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaRole;

import java.util.Map;
import java.util.TreeMap;

/**
 * One replica as the metrics see it at one instant: its offsets and size, and, when this node
 * leads it, its replica and ISR counts and how many records each follower is behind the leader's
 * log end (a follower that has not fetched at this leader epoch yet counts as the whole log
 * behind, from the log start). Immutable.
 */
record ReplicaReading(String topic, int partition, boolean leading, int replicas, int isr, int minInsyncReplicas,
                      long logStartOffset, long logEndOffset, long highWatermark, long sizeBytes,
                      Map<Integer, Long> followerLag) {

    ReplicaReading {
        followerLag = Map.copyOf(followerLag);
    }

    static ReplicaReading of(Replica replica, int localNodeId) {
        long logStart = replica.log().logStartOffset();
        long logEnd = replica.log().logEndOffset();
        long size = replica.log().sizeInBytes();
        if (!(replica.role() instanceof ReplicaRole.Leading leading)) {
            return new ReplicaReading(replica.id().topic(), replica.id().partition(), false, 0, 0,
                    replica.minInsyncReplicas(), logStart, logEnd, replica.highWatermark(), size, Map.of());
        }
        LeaderState state = leading.state();
        Map<Integer, Long> lag = new TreeMap<>();
        for (int follower : state.replicas()) {
            if (follower != localNodeId) {
                long followerEnd = state.followerLogEndOffset(follower);
                lag.put(follower, Math.max(0, logEnd - (followerEnd < 0 ? logStart : followerEnd)));
            }
        }
        return new ReplicaReading(replica.id().topic(), replica.id().partition(), true, state.replicas().size(),
                state.isr().size(), replica.minInsyncReplicas(), logStart, logEnd, state.highWatermark(), size, lag);
    }

    /** Kafka's UnderReplicatedPartitions: led here, with fewer in-sync replicas than replicas. */
    boolean underReplicated() {
        return leading && isr < replicas;
    }

    /** Kafka's UnderMinIsrPartitionCount: led here, with fewer in-sync replicas than min.insync.replicas. */
    boolean underMinIsr() {
        return leading && isr < minInsyncReplicas;
    }
}
