package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Topic metadata in the shapes the Kafka REST Proxy v2 and the Strimzi Bridge share
 * ({@code GET /topics/{t}}, {@code …/partitions}, {@code …/partitions/{p}}, {@code …/offsets}):
 * replicas as {@code {"broker","leader","in_sync"}} objects rather than the admin API's id lists.
 * The admin API ({@link AdminJson}) keeps its own, richer shape. Pure.
 */
public final class TopicJson {

    private TopicJson() {
    }

    /** {@code {"name","configs":{…},"partitions":[…]}}: configs are the topic's overrides. */
    @RegisterForReflection
    public record Topic(String name, Map<String, String> configs, List<Partition> partitions) {
    }

    /** {@code {"partition","leader","replicas":[…]}}; leader −1 when the partition has none. */
    @RegisterForReflection
    public record Partition(int partition, int leader, List<Replica> replicas) {
    }

    /** One replica: its node, whether it leads, whether it is in the ISR. */
    @RegisterForReflection
    public record Replica(int broker, boolean leader, boolean inSync) {
    }

    /** {@code {"beginning_offset","end_offset"}}: the log start offset and the next offset to be read (the high watermark). */
    @RegisterForReflection
    public record Offsets(long beginningOffset, long endOffset) {
    }

    /** {@code {"brokers":[1,2,3]}}: the node ids of the live partition nodes. */
    @RegisterForReflection
    public record Brokers(List<Integer> brokers) {
    }

    public static Topic topic(TopicDescription topic) {
        return new Topic(topic.getName(), new TreeMap<>(topic.getConfigsMap()),
                topic.getPartitionsList().stream().map(TopicJson::partition).toList());
    }

    public static Partition partition(PartitionDescription partition) {
        List<Replica> replicas = partition.getReplicasList().stream()
                .map(node -> new Replica(node, node == partition.getLeader(), partition.getIsrList().contains(node)))
                .toList();
        return new Partition(partition.getPartition(), partition.getLeader(), replicas);
    }

    /** The partition of {@code topic}, or UNKNOWN_TOPIC_OR_PARTITION naming the range. */
    public static PartitionDescription partitionOf(TopicDescription topic, int partition) {
        if (partition < 0 || partition >= topic.getPartitionsCount()) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition " + partition + " of topic '"
                    + topic.getName() + "' does not exist: the topic has partitions 0 to " + (topic.getPartitionsCount() - 1));
        }
        return topic.getPartitions(partition);
    }
}
