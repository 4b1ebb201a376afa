package io.strata.metadata.partition;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResponse;
import io.strata.api.v1.AlterPartitionResult;
import io.strata.api.v1.AlterPartitionsRequest;
import io.strata.api.v1.AlterPartitionsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.topic.Topic;
import io.strata.metadata.topic.TopicService;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * ISR changes proposed by partition leaders. The compare-and-set on leader epoch and partition
 * epoch ({@link PartitionState#alterIsr}) runs under the metadata lock, so of two concurrent
 * proposals made from the same epochs exactly one is applied and the other is fenced.
 *
 * <p>A batch ({@link #alterPartitions}) keeps that per partition: the whole batch runs in one
 * transaction under the metadata lock, each change is checked against its partition's state as
 * read under that lock, and a partition appears at most once in a batch, so every change in it
 * is the same compare-and-set a single AlterPartition makes; a refused change is answered in its
 * own result and leaves the others applied. One change-log entry carries every applied change.
 */
@ApplicationScoped
public class PartitionService {

    private final MetadataLog log;
    private final MetadataConfig config;

    public PartitionService(MetadataLog log, MetadataConfig config) {
        this.log = log;
        this.config = config;
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

    @WithTransaction
    public Uni<AlterPartitionsResponse> alterPartitions(AlterPartitionsRequest request) {
        checkBatch(request);
        return log.lock().chain(state -> PartitionLookup.load(request.getChangesList(), AlterPartitionRequest::getTopic,
                AlterPartitionRequest::getPartition).chain(lookup -> {
            List<AlterPartitionResult> results = new ArrayList<>(request.getChangesCount());
            List<TopicPartitionDescription> changed = new ArrayList<>();
            Map<String, Topic> movesDone = new LinkedHashMap<>();
            for (AlterPartitionRequest change : request.getChangesList()) {
                results.add(applyOne(lookup, change, changed, movesDone));
            }
            AlterPartitionsResponse.Builder response = AlterPartitionsResponse.newBuilder().addAllResults(results);
            if (changed.isEmpty()) {
                return Uni.createFrom().item(response.setMetadataVersion(state.metadataVersion).build());
            }
            Uni<Long> version = log.append(state, MetadataChange.newBuilder()
                    .setPartitionsChanged(PartitionsChanged.newBuilder().addAllPartitions(changed))).map(MetadataChange::getVersion);
            // A batch can finish moves of several topics: each may have settled on a new replication factor.
            for (Topic topic : movesDone.values()) {
                version = version.chain(v -> maybeSettleReplicationFactor(log, state, topic, v));
            }
            return version.map(v -> response.setMetadataVersion(v).build());
        }));
    }

    private static AlterPartitionResult applyOne(PartitionLookup lookup, AlterPartitionRequest change,
                                                 List<TopicPartitionDescription> changed, Map<String, Topic> movesDone) {
        AlterPartitionResult.Builder result = AlterPartitionResult.newBuilder()
                .setTopic(change.getTopic()).setPartition(change.getPartition());
        try {
            PartitionLookup.Located located = lookup.get(change.getTopic(), change.getPartition());
            Partition partition = located.partition();
            boolean wasMoving = partition.state().reassigning();
            partition.apply(partition.state().alterIsr(located.name(), change.getLeader(), change.getLeaderEpoch(),
                    change.getPartitionEpoch(), change.getIsrList()));
            if (wasMoving && !partition.state().reassigning()) {
                movesDone.putIfAbsent(located.topic().name, located.topic());
            }
            TopicPartitionDescription description = describe(located.topic(), partition);
            changed.add(description);
            return result.setDescription(description.getPartition()).build();
        } catch (StrataException refused) {
            return result.setErrorCode(refused.code()).setErrorMessage(refused.getMessage()).build();
        }
    }

    private void checkBatch(AlterPartitionsRequest request) {
        int max = config.maxIsrChangesPerRequest();
        if (request.getChangesCount() == 0 || request.getChangesCount() > max) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "changes: " + request.getChangesCount()
                    + " ISR changes; 1 … " + max + " are allowed per request (strata.metadata.max-isr-changes-per-request)");
        }
        Set<String> seen = new HashSet<>();
        for (AlterPartitionRequest change : request.getChangesList()) {
            if (change.getLeader() != request.getLeader()) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "changes: the change of " + change.getTopic() + "-"
                        + change.getPartition() + " names leader " + change.getLeader() + ", the request node "
                        + request.getLeader() + "; a node changes only the ISRs it leads");
            }
            if (!seen.add(change.getTopic() + "-" + change.getPartition())) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "changes: partition " + change.getTopic() + "-"
                        + change.getPartition() + " is listed twice");
            }
        }
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
        return Partition.find(topic.topicId, index).onItem().ifNull().failWith(() -> unknownPartition(topic, index));
    }

    static StrataException unknownPartition(Topic topic, int index) {
        return new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "partition: topic '" + topic.name
                + "' has no partition " + index + " (it has " + topic.partitionCount + ")");
    }

    public static TopicPartitionDescription describe(Topic topic, Partition partition) {
        return TopicPartitionDescription.newBuilder()
                .setTopic(topic.name)
                .setTopicId(topic.topicId.toString())
                .setPartition(partition.describe())
                .build();
    }
}
