package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * A topic's partition count and replication factor, resolved from a request (0 means the cluster
 * default) and checked: partitions 1 … max, replication factor 1 … live nodes.
 */
public record TopicShape(int partitions, int replicationFactor) {

    public static TopicShape resolve(int requestedPartitions, int requestedReplicationFactor, int defaultPartitions,
                                     int defaultReplicationFactor, int maxPartitions, int liveNodes) {
        int partitions = requestedPartitions == 0 ? defaultPartitions : requestedPartitions;
        checkPartitionCount("partitions", partitions, maxPartitions);
        int replicationFactor = requestedReplicationFactor == 0 ? defaultReplicationFactor : requestedReplicationFactor;
        if (replicationFactor < 1) {
            throw new StrataException(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication_factor: " + replicationFactor + " is less than 1");
        }
        if (replicationFactor > liveNodes) {
            throw new StrataException(ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication_factor: " + replicationFactor + " is more than the " + liveNodes + " live nodes");
        }
        return new TopicShape(partitions, replicationFactor);
    }

    /** INVALID_PARTITIONS unless 1 ≤ count ≤ max. */
    public static void checkPartitionCount(String field, int count, int maxPartitions) {
        if (count < 1) {
            throw new StrataException(ErrorCode.INVALID_PARTITIONS, field + ": " + count + " is less than 1");
        }
        if (count > maxPartitions) {
            throw new StrataException(ErrorCode.INVALID_PARTITIONS,
                    field + ": " + count + " is more than the limit of " + maxPartitions + " partitions per topic");
        }
    }
}
