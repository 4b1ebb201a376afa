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
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.topic.TopicService;
import jakarta.enterprise.context.ApplicationScoped;

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
                    partition.apply(partition.state().alterIsr(name, request.getLeader(), request.getLeaderEpoch(),
                            request.getPartitionEpoch(), request.getIsrList()));
                    TopicPartitionDescription changed = describe(topic, partition);
                    return log.append(state, MetadataChange.newBuilder()
                                    .setPartitionsChanged(PartitionsChanged.newBuilder().addPartitions(changed)))
                            .map(change -> AlterPartitionResponse.newBuilder()
                                    .setPartition(changed.getPartition())
                                    .setMetadataVersion(change.getVersion())
                                    .build());
                })));
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
