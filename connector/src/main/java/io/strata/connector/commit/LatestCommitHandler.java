package io.strata.connector.commit;

import io.strata.client.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code latest} strategy: commits, as soon as the poll thread sees it, the offset after the
 * highest record acknowledged per partition, whatever records before it are still in progress
 * (they are lost for a restart if they then fail: choose it for in-order, one-at-a-time processing).
 *
 * <p>Confined to the channel's poll thread.
 */
final class LatestCommitHandler implements CommitHandler {

    private final Set<TopicPartition> owned = new HashSet<>();
    private final Map<TopicPartition, Long> highestAcknowledged = new HashMap<>();
    private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
    }

    @Override
    public void received(TopicPartition partition, long offset, long nowMs) {
        owned.add(partition);
    }

    @Override
    public void acknowledged(TopicPartition partition, long offset) {
        if (owned.contains(partition)) {
            highestAcknowledged.merge(partition, offset + 1, Math::max);
        }
    }

    @Override
    public Map<TopicPartition, Long> due(long nowMs) {
        return moved(owned);
    }

    @Override
    public Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = moved(partitions);
        lost(partitions);
        return offsets;
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        partitions.forEach(partition -> {
            highestAcknowledged.remove(partition);
            lastCommitted.remove(partition);
        });
    }

    @Override
    public Map<TopicPartition, Long> all() {
        return moved(owned);
    }

    @Override
    public void commitFailed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> lastCommitted.remove(partition, offset));
    }


    private Map<TopicPartition, Long> moved(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long highest = highestAcknowledged.get(partition);
            if (highest != null && highest > lastCommitted.getOrDefault(partition, -1L)) {
                offsets.put(partition, highest);
                lastCommitted.put(partition, highest);
            }
        }
        return offsets;
    }
}
