package io.strata.connector.commit;

import io.strata.client.TopicPartition;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what an incoming channel commits, and when, from the records it hands out and the
 * acknowledgements it gets back. The poll thread tells it everything and commits what it answers:
 * {@link #due} on every turn of the loop, {@link #revoked} before partitions are given up, and
 * {@link #all} on a graceful shutdown. Offsets are the next offset to read, as the group stores them.
 *
 * <p>Implementations are confined to the channel's poll thread.
 */
public interface CommitHandler {

    static CommitHandler of(CommitStrategy strategy, long commitIntervalMs, long unprocessedRecordMaxAgeMs) {
        return switch (strategy) {
            case THROTTLED -> new ThrottledCommitHandler(commitIntervalMs, unprocessedRecordMaxAgeMs);
            case LATEST -> new LatestCommitHandler();
            case IGNORE -> new IgnoreCommitHandler();
        };
    }

    /** These partitions are now the channel's; their records arrive from their committed offsets on. */
    void assigned(Collection<TopicPartition> partitions);

    /** A record was handed to the application. */
    void received(TopicPartition partition, long offset, long nowMs);

    /** The application acknowledged a record (or its failure was handled as done). */
    void acknowledged(TopicPartition partition, long offset);

    /** What to commit now (empty when nothing is due or nothing moved since the last commit). */
    Map<TopicPartition, Long> due(long nowMs);

    /** What to commit for these partitions before they are given up; their state is dropped. */
    Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions);

    /** These partitions were lost (another member may have them): their state is dropped, nothing committed. */
    void lost(Collection<TopicPartition> partitions);

    /** What to commit on a graceful shutdown: everything acknowledged and not yet committed. */
    Map<TopicPartition, Long> all();

    /** A record that waited longer than allowed for its acknowledgement, if the strategy watches for that. */
    default Optional<UnacknowledgedRecordException> overdue(long nowMs) {
        return Optional.empty();
    }

    /**
     * The commit of {@code offsets} (an answer of {@link #due}, {@link #all} or {@link #revoked})
     * failed: they are offered again by the next {@link #due}. Offsets answered count as committed
     * from the moment they are answered, so a commit under way is not sent twice.
     */
    void commitFailed(Map<TopicPartition, Long> offsets);
}
