package io.strata.coordinator.offsets;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.coordinator.assignment.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Committed offsets in PostgreSQL ({@code group_offsets}). A commit stores all its partitions in
 * one transaction or none; each partition is an upsert, so two commits racing on one partition
 * never fail on the primary key (the later one wins), nor on a deletion of it (the commit waits for
 * the deletion and inserts). Reactive: call on a Vert.x context.
 */
@ApplicationScoped
public class OffsetStore {

    private static final String UPSERT = """
            INSERT INTO group_offsets (group_id, topic, partition_index, committed_offset, metadata, commit_timestamp_ms)
            VALUES (:groupId, :topic, :partition, :offset, :metadata, :timestamp)
            ON CONFLICT (group_id, topic, partition_index) DO UPDATE SET committed_offset = EXCLUDED.committed_offset,
                metadata = EXCLUDED.metadata, commit_timestamp_ms = EXCLUDED.commit_timestamp_ms""";

    /**
     * Deletes the named partitions' rows and counts, in the same snapshot, the rows the group had
     * before: one statement (a data-modifying CTE, whose outer SELECT does not see its deletions).
     */
    private static final String DELETE = """
            WITH deleted AS (
                DELETE FROM group_offsets WHERE group_id = :groupId AND (%s) RETURNING 1)
            SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM group_offsets WHERE group_id = :groupId)""";

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

    /**
     * Every committed offset of each of these groups, by group, in one query (a group without any
     * is absent). Describing many groups at once is one round trip, not one per group.
     */
    @WithSession
    public Uni<Map<String, SortedMap<TopicPartition, CommittedOffset>>> fetchAll(Collection<String> groupIds) {
        if (groupIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return GroupOffset.ofGroups(groupIds).map(rows -> {
            Map<String, SortedMap<TopicPartition, CommittedOffset>> byGroup = new TreeMap<>();
            rows.forEach(row -> byGroup.computeIfAbsent(row.groupId, ignored -> new TreeMap<>())
                    .put(new TopicPartition(row.topic, row.partition), row.committed()));
            return byGroup;
        });
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

    /** Each group that has committed offsets → the time of its newest commit. */
    @WithSession
    public Uni<Map<String, Long>> newestCommits() {
        return Panache.getSession().chain(session -> session.<Object[]>createNativeQuery(
                        "SELECT group_id, max(commit_timestamp_ms) FROM group_offsets GROUP BY group_id").getResultList())
                .map(rows -> {
                    Map<String, Long> newest = new TreeMap<>();
                    rows.forEach(row -> newest.put((String) row[0], ((Number) row[1]).longValue()));
                    return newest;
                });
    }

    /**
     * Deletes the group's offsets committed at or before {@code newestCommitMs} (the newest commit
     * its expiry was judged on); how many. A commit that races the expiry stamps its rows later, so
     * what it wrote stays: PostgreSQL re-checks the condition on a row updated meanwhile.
     */
    @WithTransaction
    public Uni<Integer> expire(String groupId, long newestCommitMs) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM group_offsets WHERE group_id = :groupId AND commit_timestamp_ms <= :newest")
                .setParameter("groupId", groupId).setParameter("newest", newestCommitMs).executeUpdate());
    }

    /** Deletes every committed offset of the group; how many there were. */
    @WithTransaction
    public Uni<Long> deleteGroup(String groupId) {
        return GroupOffset.delete("groupId", groupId);
    }

    /**
     * Deletes the committed offsets of these partitions (those without one are skipped) in one
     * statement, then calls {@code beforeCommit} with what it did, still inside the transaction: if
     * that throws, the transaction rolls back and nothing is deleted. Until the end of the
     * transaction the statement holds the deleted rows' locks, so a commit to one of those
     * partitions made meanwhile waits, then finds no row and inserts: it is never deleted.
     */
    @WithTransaction
    public Uni<Deletion> delete(String groupId, Collection<TopicPartition> partitions, Consumer<Deletion> beforeCommit) {
        SortedMap<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        return Panache.getSession().chain(session -> {
            Mutiny.Query<Object[]> query = session.<Object[]>createNativeQuery(DELETE.formatted(matching(byTopic.size())))
                    .setParameter("groupId", groupId);
            int index = 0;
            for (Map.Entry<String, List<Integer>> topic : byTopic.entrySet()) {
                query = query.setParameter("topic" + index, topic.getKey()).setParameter("partitions" + index, topic.getValue());
                index++;
            }
            return query.getSingleResult();
        }).map(row -> new Deletion(((Number) row[0]).longValue(), ((Number) row[1]).longValue())).invoke(beforeCommit);
    }

    /**
     * The WHERE clause for {@code topics} topics, each with its partition list; {@code false} for
     * none. One bind parameter per partition: PostgreSQL takes 65,535 per statement, far above
     * {@code max-partitions-per-request}'s default.
     */
    private static String matching(int topics) {
        if (topics == 0) {
            return "false";
        }
        List<String> clauses = new ArrayList<>();
        for (int index = 0; index < topics; index++) {
            clauses.add("(topic = :topic" + index + " AND partition_index IN (:partitions" + index + "))");
        }
        return String.join(" OR ", clauses);
    }

    /** What {@link #delete} did: the offsets it deleted, and how many the group had just before. */
    public record Deletion(long deleted, long hadBefore) {
    }

    private static SortedMap<TopicPartition, CommittedOffset> byPartition(List<GroupOffset> rows) {
        SortedMap<TopicPartition, CommittedOffset> offsets = new TreeMap<>();
        rows.forEach(row -> offsets.put(new TopicPartition(row.topic, row.partition), row.committed()));
        return offsets;
    }
}
