package io.strata.gateway.produce;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each record of one request goes: its partition, and per partition the request indexes of
 * its records in request order (the order they will have in the partition).
 */
public record ProducePlan(int[] partitionOf, Map<Integer, List<Integer>> byPartition) {

    /**
     * Checks every given partition against the topic's count and chooses the others.
     *
     * @param pathPartition the partition fixed by the request (REST {@code /partitions/{p}}), or null
     */
    public static ProducePlan of(String topic, List<OutgoingRecord> records, int partitionCount,
                                 Integer pathPartition, Partitioner partitioner) {
        int[] partitionOf = new int[records.size()];
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        int sticky = -1;
        for (int i = 0; i < records.size(); i++) {
            OutgoingRecord record = records.get(i);
            Integer asked = pathPartition != null ? pathPartition : record.partition();
            if (pathPartition != null && record.partition() != null && !record.partition().equals(pathPartition)) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "records[" + i + "].partition is "
                        + record.partition() + " but the request is for partition " + pathPartition);
            }
            int partition;
            if (asked != null) {
                if (asked < 0 || asked >= partitionCount) {
                    throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, (pathPartition != null ? "" : "records[" + i + "]: ")
                            + "partition " + asked + " of topic '" + topic + "' does not exist: the topic has partitions 0 to "
                            + (partitionCount - 1));
                }
                partition = asked;
            } else if (record.key() != null) {
                partition = Partitioner.forKey(record.key(), partitionCount);
            } else {
                if (sticky < 0) {
                    sticky = partitioner.sticky(partitionCount);
                }
                partition = sticky;
            }
            partitionOf[i] = partition;
            byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(i);
        }
        return new ProducePlan(partitionOf, byPartition);
    }
}
