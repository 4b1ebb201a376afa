package io.strata.metadata.partition;

import io.smallrye.mutiny.Uni;
import io.strata.metadata.database.InTurn;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.topic.TopicService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The topics and partitions a batch of partition changes names, loaded with one query for the
 * topics and one per topic for the named partitions, instead of two per partition. Why: the
 * controller elects leaders for every partition of a dead node in one request, and leaders change
 * ISRs of many partitions in one; at 1,000 partitions, two queries each kept one transaction (and
 * the metadata lock) for seconds, while the callers' retries queued behind it on the connection
 * pool.
 *
 * <p>Only the named partitions are loaded, never a whole topic: every loaded entity is managed by
 * the session, and Hibernate dirty-checks each one at every flush on the service's event loop. At
 * 10,000 partitions (10 topics of 1,000), a batch of 250 ISR changes that touched every topic
 * loaded all 10,000 rows and blocked the event loop for seconds per flush, long enough for the
 * nodes' heartbeats (5 s deadline) to time out and their leases to end (2026-12-06).
 *
 * <p>Invariant: {@link #loaded()} ≤ the number of distinct (topic, partition) pairs asked for.
 * The entities are managed by the current session: a change applied to one is written when the
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

    /**
     * Loads the partitions {@code items} name, each item naming one by {@code topic} and
     * {@code partition} (an election, an ISR change, a reassignment, a partition reference).
     */
    public static <T> Uni<PartitionLookup> load(Collection<T> items, Function<T, String> topic, ToIntFunction<T> partition) {
        Map<String, List<Integer>> wanted = new HashMap<>();
        items.forEach(item -> wanted.computeIfAbsent(topic.apply(item), name -> new ArrayList<>()).add(partition.applyAsInt(item)));
        return load(wanted);
    }

    /**
     * Loads the topics named in {@code wanted}'s keys (unknown names are left out) and, of each,
     * only the partitions whose indexes it maps to.
     */
    public static Uni<PartitionLookup> load(Map<String, ? extends Collection<Integer>> wanted) {
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(new PartitionLookup(Map.of(), Map.of()));
        }
        return Topic.byNames(List.copyOf(wanted.keySet())).chain(found -> {
            Map<String, Topic> topics = new HashMap<>();
            found.forEach(topic -> topics.put(topic.name, topic));
            Map<UUID, Map<Integer, Partition>> partitions = new HashMap<>();
            // One session runs one query at a time: the per-topic queries run in turn, not joined.
            return InTurn.each(found, topic -> Partition.ofTopicIndexes(topic.topicId, List.copyOf(new HashSet<>(wanted.get(topic.name))))
                    .invoke(rows -> rows.forEach(row -> partitions.computeIfAbsent(row.topicId, id -> new HashMap<>())
                            .put(row.partitionIndex, row))))
                    .map(done -> new PartitionLookup(topics, partitions));
        });
    }

    /** How many partitions were loaded (each a managed entity of the session). */
    public int loaded() {
        return partitions.values().stream().mapToInt(Map::size).sum();
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
