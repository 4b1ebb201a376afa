package io.strata.coordinator.offsets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.coordinator.assignment.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Committed offsets in PostgreSQL ({@code group_offsets}). A commit stores all its partitions in
 * one transaction or none; each partition is an upsert, so two commits racing on one partition
 * never fail on the primary key (the later one wins). Reactive: call on a Vert.x context.
 */
@ApplicationScoped
public class OffsetStore {

    private static final String UPSERT = """
            INSERT INTO group_offsets (group_id, topic, partition_index, committed_offset, metadata, commit_timestamp_ms)
            VALUES (:groupId, :topic, :partition, :offset, :metadata, :timestamp)
            ON CONFLICT (group_id, topic, partition_index) DO UPDATE SET committed_offset = EXCLUDED.committed_offset,
                metadata = EXCLUDED.metadata, commit_timestamp_ms = EXCLUDED.commit_timestamp_ms""";

    /** Stores the offsets, stamped with {@code nowMs}; answers them as stored. */
    @WithTransaction
    public Uni<List<CommittedOffset>> commit(String groupId, List<CommittedOffset> offsets, long nowMs) {
        List<CommittedOffset> stored = offsets.stream()
                .map(o -> new CommittedOffset(o.partition(), o.offset(), o.metadata(), nowMs)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CommittedOffset offset : stored) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                    .setParameter("groupId", groupId)
                    .setParameter("topic", offset.partition().topic())
                    .setParameter("partition", offset.partition().partition())
                    .setParameter("offset", offset.offset())
                    .setParameter("metadata", offset.metadata())
                    .setParameter("timestamp", offset.commitTimestampMs())
                    .executeUpdate())).replaceWithVoid();
        }
        return chain.replaceWith(stored);
    }

    /** Every committed offset of the group, by topic and partition. */
    @WithSession
    public Uni<SortedMap<TopicPartition, CommittedOffset>> fetchAll(String groupId) {
        return GroupOffset.ofGroup(groupId).map(OffsetStore::byPartition);
    }

    /** The committed offsets of these partitions (those without one are absent from the answer). */
    @WithSession
    public Uni<SortedMap<TopicPartition, CommittedOffset>> fetch(String groupId, Collection<TopicPartition> partitions) {
        return GroupOffset.ofGroup(groupId).map(rows -> {
            SortedMap<TopicPartition, CommittedOffset> all = byPartition(rows);
            all.keySet().retainAll(partitions);
            return all;
        });
    }

    @WithSession
    public Uni<List<String>> groupIds() {
        return GroupOffset.groupIds();
    }

    /** Deletes every committed offset of the group; how many there were. */
    @WithTransaction
    public Uni<Long> deleteGroup(String groupId) {
        return GroupOffset.delete("groupId", groupId);
    }

    private static SortedMap<TopicPartition, CommittedOffset> byPartition(List<GroupOffset> rows) {
        SortedMap<TopicPartition, CommittedOffset> offsets = new TreeMap<>();
        rows.forEach(row -> offsets.put(new TopicPartition(row.topic, row.partition), row.committed()));
        return offsets;
    }
}
