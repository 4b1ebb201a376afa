package io.strata.connector.commit;

import io.strata.client.TopicPartition;

import java.util.Collection;
import java.util.Map;

/**
 * The {@code ignore} strategy: the connector commits nothing. With {@code enable.auto.commit=true}
 * the client commits the positions of what it returned (at most once for records in progress);
 * without it, nothing is ever committed and a restart reads from {@code auto.offset.reset}.
 */
final class IgnoreCommitHandler implements CommitHandler {

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
    }

    @Override
    public void received(TopicPartition partition, long offset, long nowMs) {
    }

    @Override
    public void acknowledged(TopicPartition partition, long offset) {
    }

    @Override
    public Map<TopicPartition, Long> due(long nowMs) {
        return Map.of();
    }

    @Override
    public Map<TopicPartition, Long> revoked(Collection<TopicPartition> partitions) {
        return Map.of();
    }

    @Override
    public void lost(Collection<TopicPartition> partitions) {
    }

    @Override
    public Map<TopicPartition, Long> all() {
        return Map.of();
    }

    @Override
    public void commitFailed(Map<TopicPartition, Long> offsets) {
    }
}
