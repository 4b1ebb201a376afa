package io.strata.kafka.metadata;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.Optional;

/**
 * The current leader of a partition by this node's metadata, for NOT_LEADER_OR_FOLLOWER and
 * FENCED_LEADER_EPOCH answers (KIP-951): with the leader's id, epoch and endpoint a client
 * redirects without a Metadata round trip. Immutable.
 *
 * @param endpoint empty when the leader has no reachable Kafka listener
 */
public record LeaderHint(int leaderId, int leaderEpoch, Optional<KafkaEndpoint> endpoint) {

    /** The hint for {@code topic}-{@code partition}, if the partition exists and has a leader. */
    public static Optional<LeaderHint> of(ClusterMetadata metadata, String topic, int partition) {
        TopicDescription description = metadata.topics().get(topic);
        if (description == null || partition < 0 || partition >= description.getPartitionsCount()) {
            return Optional.empty();
        }
        PartitionDescription p = description.getPartitions(partition);
        if (p.getLeader() < 0) {
            return Optional.empty();
        }
        return Optional.of(new LeaderHint(p.getLeader(), p.getLeaderEpoch(), KafkaEndpoint.of(metadata, p.getLeader())));
    }
}
