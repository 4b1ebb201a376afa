package io.strata.metadata.partition;

import io.smallrye.mutiny.Uni;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.topic.TopicService;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The topics and partitions a batch of partition changes names, loaded in two queries (topics by
 * name, then their partitions) instead of two per partition. Why: the controller elects leaders
 * for every partition of a dead node in one request, and leaders change ISRs of many partitions
 * in one; at 1,000 partitions, two queries each kept one transaction (and the metadata lock)
 * for seconds, while the callers' retries queued behind it on the connection pool.
 *
 * <p>The entities are managed by the current session: a change applied to one is written when the
 * transaction commits. Confined to the session that loaded it (one transaction), not thread-safe.
 */
public final class PartitionLookup {

    /** A partition and its topic. */
    public record Located(Topic topic, Partition partition) {
        public String name() {
            return topic.name + "-" + partition.partitionIndex;
        }
    }

    private final Map<String, Topic> topics;
    private final Map<UUID, Map<Integer, Partition>> partitions;

    private PartitionLookup(Map<String, Topic> topics, Map<UUID, Map<Integer, Partition>> partitions) {
        this.topics = topics;
        this.partitions = partitions;
    }

    /** Loads the topics named in {@code topicNames} (unknown names are left out) and all their partitions. */
    public static Uni<PartitionLookup> load(Collection<String> topicNames) {
        if (topicNames.isEmpty()) {
            return Uni.createFrom().item(new PartitionLookup(Map.of(), Map.of()));
        }
        return Topic.byNames(List.copyOf(topicNames)).chain(found -> {
            Map<String, Topic> topics = new HashMap<>();
            found.forEach(topic -> topics.put(topic.name, topic));
            if (topics.isEmpty()) {
                return Uni.createFrom().item(new PartitionLookup(topics, Map.of()));
            }
            return Partition.ofTopics(found.stream().map(topic -> topic.topicId).toList()).map(rows -> {
                Map<UUID, Map<Integer, Partition>> partitions = new HashMap<>();
                rows.forEach(row -> partitions.computeIfAbsent(row.topicId, id -> new HashMap<>()).put(row.partitionIndex, row));
                return new PartitionLookup(topics, partitions);
            });
        });
    }

    /**
     * The partition, or the UNKNOWN_TOPIC_OR_PARTITION that {@link TopicService#existing} and
     * {@link PartitionService#existing} would answer, naming it.
     */
    public Located get(String topicName, int index) {
        Topic topic = topics.get(topicName);
        if (topic == null) {
            throw TopicService.unknownTopic("topic", topicName);
        }
        Partition partition = partitions.getOrDefault(topic.topicId, Map.of()).get(index);
        if (partition == null) {
            throw PartitionService.unknownPartition(topic, index);
        }
        return new Located(topic, partition);
    }
}
