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

    /** A commit's rows, {@code %s} the VALUES tuples: one statement, one round trip, however many partitions. */
    private static final String UPSERT = """
            INSERT INTO group_offsets (group_id, topic, partition_index, committed_offset, metadata, commit_timestamp_ms)
            VALUES %s
            ON CONFLICT (group_id, topic, partition_index) DO UPDATE SET committed_offset = EXCLUDED.committed_offset,
                metadata = EXCLUDED.metadata, commit_timestamp_ms = EXCLUDED.commit_timestamp_ms""";

    /**
     * Rows a statement of {@link #UPSERT} carries at most: four bind parameters each, well within
     * PostgreSQL's 65,535 a statement.
     */
    public static final int ROWS_PER_STATEMENT = 2_000;

    /** The rows of these partitions (the WHERE clause of {@link #matching}). */
    private static final String SELECT = """
            SELECT * FROM group_offsets WHERE group_id = :groupId AND (%s)""";

    /**
     * Deletes the named partitions' rows and counts, in the same snapshot, the rows the group had
     * before: one statement (a data-modifying CTE, whose outer SELECT does not see its deletions).
     */
    private static final String DELETE = """
            WITH deleted AS (
                DELETE FROM group_offsets WHERE group_id = :groupId AND (%s) RETURNING 1)
            SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM group_offsets WHERE group_id = :groupId)""";

    /**
     * Stores the offsets, stamped with {@code nowMs}; answers them as stored. A commit used to be
     * one statement a partition, so an auto-commit of a member's 90 positions was 90 round trips
     * inside the transaction, and every commit on revoke of a rebalance waited behind them; now it
     * is one statement per {@link #ROWS_PER_STATEMENT} rows. The rows go in partition order, so two
     * commits of a group that overlap lock their rows in the same order and cannot deadlock.
     * Partitions are distinct (the service refuses a commit naming one twice).
     */
    @WithTransaction
    public Uni<List<CommittedOffset>> commit(String groupId, List<CommittedOffset> offsets, long nowMs) {
        List<CommittedOffset> stored = offsets.stream()
                .map(o -> new CommittedOffset(o.partition(), o.offset(), o.metadata(), nowMs)).toList();
        List<CommittedOffset> ordered = stored.stream().sorted(java.util.Comparator.comparing(CommittedOffset::partition)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < ordered.size(); from += ROWS_PER_STATEMENT) {
            List<CommittedOffset> rows = ordered.subList(from, Math.min(ordered.size(), from + ROWS_PER_STATEMENT));
            chain = chain.chain(() -> upsert(groupId, rows, nowMs));
        }
        return chain.replaceWith(stored);
    }

    private static Uni<Void> upsert(String groupId, List<CommittedOffset> rows, long nowMs) {
        List<String> tuples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            tuples.add("(:groupId, :topic" + i + ", :partition" + i + ", :offset" + i + ", :metadata" + i + ", :timestamp)");
        }
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(UPSERT.formatted(String.join(", ", tuples)))
                    .setParameter("groupId", groupId).setParameter("timestamp", nowMs);
            for (int i = 0; i < rows.size(); i++) {
                CommittedOffset row = rows.get(i);
                query = query.setParameter("topic" + i, row.partition().topic())
                        .setParameter("partition" + i, row.partition().partition())
                        .setParameter("offset" + i, row.offset())
                        .setParameter("metadata" + i, row.metadata());
            }
            return query.executeUpdate();
        }).replaceWithVoid();
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
        // Only the rows asked for: a member handed 8 partitions of a 900-partition group's topic
        // reads 8 rows, not 900 (this fetch is on the path of every rebalance's hand-over).
        SortedMap<String, List<Integer>> byTopic = byTopic(partitions);
        return Panache.getSession().chain(session -> {
            Mutiny.SelectionQuery<GroupOffset> query = session.createNativeQuery(SELECT.formatted(matching(byTopic.size())),
                    GroupOffset.class).setParameter("groupId", groupId);
            int index = 0;
            for (Map.Entry<String, List<Integer>> topic : byTopic.entrySet()) {
                query = query.setParameter("topic" + index, topic.getKey()).setParameter("partitions" + index, topic.getValue());
                index++;
            }
            return query.getResultList();
        }).map(OffsetStore::byPartition);
    }

    private static SortedMap<String, List<Integer>> byTopic(Collection<TopicPartition> partitions) {
        SortedMap<String, List<Integer>> byTopic = new TreeMap<>();
        partitions.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        return byTopic;
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
        SortedMap<String, List<Integer>> byTopic = byTopic(partitions);
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
