package io.strata.gateway.group;

import io.strata.api.v1.ConsumerPosition;
import io.strata.api.v1.GroupTopicPartitions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A REST consumer instance's read positions, one per partition it owns. Invariant: the instance
 * owns exactly the partitions that have a position, so what it reports as owned in a heartbeat is
 * the key set, and giving a partition up is removing its position. Immutable; pure.
 */
public record ConsumerPositions(NavigableMap<TopicPartition, Long> offsets) {

    public ConsumerPositions {
        offsets = Collections.unmodifiableNavigableMap(new TreeMap<>(offsets));
    }

    public static ConsumerPositions none() {
        return new ConsumerPositions(new TreeMap<>());
    }

    public static ConsumerPositions of(List<ConsumerPosition> stored) {
        NavigableMap<TopicPartition, Long> offsets = new TreeMap<>();
        stored.forEach(p -> offsets.put(new TopicPartition(p.getTopic(), p.getPartition()), p.getOffset()));
        return new ConsumerPositions(offsets);
    }

    /** What a heartbeat reports as owned: the partitions with a position, grouped by topic. */
    public List<GroupTopicPartitions> owned() {
        return grouped(offsets.keySet());
    }

    /** The positions as stored in the coordinator. */
    public List<ConsumerPosition> stored() {
        List<ConsumerPosition> stored = new ArrayList<>(offsets.size());
        offsets.forEach((tp, offset) -> stored.add(ConsumerPosition.newBuilder().setTopic(tp.topic())
                .setPartition(tp.partition()).setOffset(offset).build()));
        return stored;
    }

    /** These positions with {@code changes} set (added or moved). */
    public ConsumerPositions with(Map<TopicPartition, Long> changes) {
        NavigableMap<TopicPartition, Long> next = new TreeMap<>(offsets);
        next.putAll(changes);
        return new ConsumerPositions(next);
    }

    /**
     * Follows an assignment answered by the coordinator: positions of partitions no longer assigned
     * are dropped (the instance gives them up); newly assigned partitions are listed in
     * {@link Reconciled#added()} and get a position once their starting offset is known.
     */
    public Reconciled reconcile(List<GroupTopicPartitions> assignment) {
        Set<TopicPartition> assigned = flatten(assignment);
        NavigableMap<TopicPartition, Long> kept = new TreeMap<>(offsets);
        Set<TopicPartition> revoked = new TreeSet<>(offsets.keySet());
        revoked.removeAll(assigned);
        kept.keySet().removeAll(revoked);
        Set<TopicPartition> added = new TreeSet<>(assigned);
        added.removeAll(offsets.keySet());
        return new Reconciled(new ConsumerPositions(kept), added, revoked);
    }

    /** The outcome of {@link #reconcile}: what is kept, what is new, what was given up. */
    public record Reconciled(ConsumerPositions kept, Set<TopicPartition> added, Set<TopicPartition> revoked) {
    }

    public static Set<TopicPartition> flatten(List<GroupTopicPartitions> partitions) {
        Set<TopicPartition> flat = new TreeSet<>();
        partitions.forEach(t -> t.getPartitionsList().forEach(p -> flat.add(new TopicPartition(t.getTopic(), p))));
        return flat;
    }

    public static List<GroupTopicPartitions> grouped(Collection<TopicPartition> partitions) {
        NavigableMap<String, TreeSet<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new TreeSet<>()).add(tp.partition()));
        List<GroupTopicPartitions> grouped = new ArrayList<>();
        byTopic.forEach((topic, ps) -> grouped.add(GroupTopicPartitions.newBuilder().setTopic(topic).addAllPartitions(ps).build()));
        return grouped;
    }
}
