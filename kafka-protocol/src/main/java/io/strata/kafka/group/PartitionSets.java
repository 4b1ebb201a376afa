package io.strata.kafka.group;

import io.strata.api.v1.GroupTopicPartitions;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sets of partitions as the bridge keeps them ({@code Set<TopicPartition>}, immutable) and as the
 * coordinator's contract carries them ({@link GroupTopicPartitions}: one entry per topic, partitions
 * ascending and without duplicates — the order the contract requires, so equal sets give equal
 * messages). Stateless.
 */
final class PartitionSets {

    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private PartitionSets() {
    }

    static Set<TopicPartition> fromProto(Collection<GroupTopicPartitions> topics) {
        TreeSet<TopicPartition> set = new TreeSet<>(ORDER);
        for (GroupTopicPartitions topic : topics) {
            for (int partition : topic.getPartitionsList()) {
                set.add(new TopicPartition(topic.getTopic(), partition));
            }
        }
        return Set.copyOf(set);
    }

    static List<GroupTopicPartitions> toProto(Collection<TopicPartition> partitions) {
        List<GroupTopicPartitions> topics = new ArrayList<>();
        byTopic(partitions).forEach((topic, indexes) -> topics.add(GroupTopicPartitions.newBuilder()
                .setTopic(topic).addAllPartitions(indexes).build()));
        return topics;
    }

    /** Topic name → ascending partition indexes, topics in name order. */
    static Map<String, SortedSet<Integer>> byTopic(Collection<TopicPartition> partitions) {
        Map<String, SortedSet<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition());
        }
        return byTopic;
    }

    /** The partitions in the contract's order (for encoding a Kafka assignment deterministically). */
    static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        List<TopicPartition> list = new ArrayList<>(partitions);
        list.sort(ORDER);
        return list;
    }

    static Set<TopicPartition> union(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> union = new HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
    }

    static Set<TopicPartition> intersection(Set<TopicPartition> a, Collection<TopicPartition> b) {
        Set<TopicPartition> both = new HashSet<>(a);
        both.retainAll(Set.copyOf(b));
        return Set.copyOf(both);
    }
}
