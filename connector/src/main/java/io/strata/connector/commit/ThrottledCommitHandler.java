package io.strata.connector.commit;

import io.strata.client.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code throttled} strategy (the default): per partition, commits only the offset below which
 * every record handed out was acknowledged ({@link PartitionAckTracker}), at most every
 * {@code auto.commit.interval.ms}, and only when it moved. Out-of-order acknowledgements are
 * fine; a record never acknowledged holds its partition's commit back and is reported by
 * {@link #overdue} after {@code throttled.unprocessed-record-max-age.ms} (0 or less: never).
 *
 * <p>Confined to the channel's poll thread.
 */
final class ThrottledCommitHandler implements CommitHandler {

    private final long intervalMs;
    private final long maxAgeMs;
    private final Map<TopicPartition, PartitionAckTracker> trackers = new HashMap<>();
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();
    private long nextCommitMs = Long.MIN_VALUE;

    ThrottledCommitHandler(long intervalMs, long maxAgeMs) {
        this.intervalMs = intervalMs;
        this.maxAgeMs = maxAgeMs;
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> trackers.put(partition, new PartitionAckTracker()));
    }

    @Override
    public void received(TopicPartition partition, long offset, long nowMs) {
        trackers.computeIfAbsent(partition, p -> new PartitionAckTracker()).received(offset, nowMs);
    }

    @Override
    public void acknowledged(TopicPartition partition, long offset) {
        PartitionAckTracker tracker = trackers.get(partition);
        if (tracker != null) {
            tracker.acknowledged(offset);
        }
    }

    @Override
    public Map<TopicPartition, Long> due(long nowMs) {
        if (nowMs < nextCommitMs) {
            return Map.of();
        }
        nextCommitMs = nowMs + intervalMs;
        return moved(trackers.keySet());
    }

    @Override
    public Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = moved(partitions);
        forget(partitions);
        return offsets;
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        forget(partitions);
    }

    @Override
    public Map<TopicPartition, Long> all() {
        return moved(trackers.keySet());
    }

    @Override
    public Optional<UnacknowledgedRecordException> overdue(long nowMs) {
        if (maxAgeMs <= 0) {
            return Optional.empty();
        }
        for (Map.Entry<TopicPartition, PartitionAckTracker> entry : trackers.entrySet()) {
            long waited = entry.getValue().oldestPendingAgeMs(nowMs);
            if (waited > maxAgeMs) {
                return Optional.of(new UnacknowledgedRecordException(entry.getKey(), entry.getValue().oldestPendingOffset(),
                        waited, maxAgeMs));
            }
        }
        return Optional.empty();
    }

    @Override
    public void commitFailed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> lastCommitted.remove(partition, offset));
    }


    private Map<TopicPartition, Long> moved(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionAckTracker tracker = trackers.get(partition);
            OptionalLong committable = tracker == null ? OptionalLong.empty() : tracker.committable();
            if (committable.isPresent() && committable.getAsLong() > lastCommitted.getOrDefault(partition, -1L)) {
                offsets.put(partition, committable.getAsLong());
                lastCommitted.put(partition, committable.getAsLong());
            }
        }
        return offsets;
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            trackers.remove(partition);
            lastCommitted.remove(partition);
        });
    }
}
