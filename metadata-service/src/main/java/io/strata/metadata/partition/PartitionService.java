package io.strata.metadata.partition;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.topic.TopicService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalInt;

/**
 * ISR changes proposed by partition leaders. The compare-and-set on leader epoch and partition
 * epoch ({@link PartitionState#alterIsr}) runs under the metadata lock, so of two concurrent
 * proposals made from the same epochs exactly one is applied and the other is fenced.
 */
@ApplicationScoped
public class PartitionService {

    private final MetadataLog log;

    public PartitionService(MetadataLog log) {
        this.log = log;
    }

    @WithTransaction
    public Uni<AlterPartitionResponse> alterPartition(AlterPartitionRequest request) {
        return log.lock().chain(state -> TopicService.existing(request.getTopic(), "topic").chain(topic ->
                existing(topic, request.getPartition()).chain(partition -> {
                    String name = topic.name + "-" + partition.partitionIndex;
                    boolean wasMoving = partition.state().reassigning();
                    partition.apply(partition.state().alterIsr(name, request.getLeader(), request.getLeaderEpoch(),
                            request.getPartitionEpoch(), request.getIsrList()));
                    TopicPartitionDescription changed = describe(topic, partition);
                    boolean moveDone = wasMoving && !partition.state().reassigning();
                    return log.append(state, MetadataChange.newBuilder()
                                    .setPartitionsChanged(PartitionsChanged.newBuilder().addPartitions(changed)))
                            .chain(change -> moveDone ? maybeSettleReplicationFactor(log, state, topic, change.getVersion())
                                    : Uni.createFrom().item(change.getVersion()))
                            .map(version -> AlterPartitionResponse.newBuilder()
                                    .setPartition(changed.getPartition())
                                    .setMetadataVersion(version)
                                    .build());
                })));
    }

    /**
     * After a move of one of {@code topic}'s partitions finished: when its partitions have settled on
     * a replication factor other than the stored one ({@link ReassignmentRules#settledReplicationFactor}),
     * stores it and appends the topic's new state. The caller holds the log's lock.
     *
     * @return the metadata version after it ({@code version} when nothing changed)
     */
    static Uni<Long> maybeSettleReplicationFactor(MetadataLog log, ClusterState state, Topic topic, long version) {
        return Partition.ofTopic(topic.topicId).chain(partitions -> {
            OptionalInt settled = ReassignmentRules.settledReplicationFactor(partitions.stream().map(Partition::state).toList());
            if (settled.isEmpty() || settled.getAsInt() == topic.replicationFactor) {
                return Uni.createFrom().item(version);
            }
            topic.replicationFactor = settled.getAsInt();
            return log.append(state, MetadataChange.newBuilder().setTopic(topic.describe(partitions))).map(MetadataChange::getVersion);
        });
    }

    /** The partition of a topic, or UNKNOWN_TOPIC_OR_PARTITION naming it. */
    public static Uni<Partition> existing(Topic topic, int index) {
        return Partition.find(topic.topicId, index).onItem().ifNull().failWith(() -> new StrataException(
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition: topic '" + topic.name + "' has no partition " + index
                + " (it has " + topic.partitionCount + ")"));
    }

    public static TopicPartitionDescription describe(Topic topic, Partition partition) {
        return TopicPartitionDescription.newBuilder()
                .setTopic(topic.name)
                .setTopicId(topic.topicId.toString())
                .setPartition(partition.describe())
                .build();
    }
}
