package io.strata.metadata.topic;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.TopicDeleted;
import io.strata.api.v1.TopicDescription;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.database.ConsistentRead;
import io.strata.metadata.database.MetadataLog;
import io.strata.metadata.node.Node;
import io.strata.metadata.partition.Partition;
import io.strata.metadata.partition.PartitionState;
import io.strata.metadata.partition.PlacementNode;
import io.strata.metadata.partition.ReplicaPlacement;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Topic lifecycle and configs. Every change runs under the metadata lock (see {@link MetadataLog}):
 * validate (pure checks in {@link TopicName}, {@link TopicConfigs}, {@link TopicShape}), place
 * replicas ({@link ReplicaPlacement}), store, and append the change. A refused request changes nothing.
 */
@ApplicationScoped
public class TopicService {

    private final MetadataLog log;
    private final ConsistentRead reads;
    private final MetadataConfig config;
    private final TopicConfigs topicConfigs;

    public TopicService(MetadataLog log, ConsistentRead reads, MetadataConfig config, TopicConfigs topicConfigs) {
        this.log = log;
        this.reads = reads;
        this.config = config;
        this.topicConfigs = topicConfigs;
    }

    @WithTransaction
    public Uni<CreateTopicResponse> create(CreateTopicRequest request) {
        String name = TopicName.validate(request.getName());
        SortedMap<String, String> overrides = TopicConfigs.validate(request.getConfigsMap());
        return log.lock().chain(state -> Topic.byName(name).chain(existing -> {
            TopicConfigs.checkConsistent(topicConfigs.effective(state.topicConfigDefaults, overrides), "configs");
            if (existing != null) {
                throw new StrataException(ErrorCode.TOPIC_ALREADY_EXISTS, "name: topic '" + name + "' already exists");
            }
            return Node.live().chain(live -> {
                TopicShape shape = TopicShape.resolve(request.getPartitions(), request.getReplicationFactor(),
                        config.defaultPartitions(), config.defaultReplicationFactor(), config.maxPartitionsPerTopic(),
                        live.size());
                Topic topic = new Topic();
                topic.topicId = UUID.randomUUID();
                topic.name = name;
                topic.partitionCount = shape.partitions();
                topic.replicationFactor = shape.replicationFactor();
                topic.configs = overrides;
                List<Partition> partitions = newPartitions(topic, live, 0, shape.partitions());
                TopicDescription description = topic.describe(partitions);
                if (request.getValidateOnly()) {
                    return Uni.createFrom().item(created(description, state.metadataVersion));
                }
                return topic.persistAndFlush()
                        .chain(() -> Partition.persist(partitions))
                        .chain(() -> log.append(state, MetadataChange.newBuilder().setTopic(description)))
                        .map(change -> created(description, change.getVersion()));
            });
        }));
    }

    @WithTransaction
    public Uni<DeleteTopicResponse> delete(DeleteTopicRequest request) {
        return log.lock().chain(state -> existing(request.getName(), "name").chain(topic ->
                Partition.delete("topicId", topic.topicId)
                        .chain(topic::delete)
                        .chain(() -> log.append(state, MetadataChange.newBuilder().setTopicDeleted(
                                TopicDeleted.newBuilder().setName(topic.name).setTopicId(topic.topicId.toString()))))
                        .map(change -> DeleteTopicResponse.newBuilder()
                                .setTopicId(topic.topicId.toString())
                                .setMetadataVersion(change.getVersion())
                                .build())));
    }

    @WithTransaction
    public Uni<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        TopicShape.checkPartitionCount("total_count", request.getTotalCount(), config.maxPartitionsPerTopic());
        return log.lock().chain(state -> existing(request.getTopic(), "topic").chain(topic -> {
            if (request.getTotalCount() <= topic.partitionCount) {
                throw new StrataException(ErrorCode.INVALID_PARTITIONS, "total_count: " + request.getTotalCount()
                        + " is not more than topic '" + topic.name + "''s " + topic.partitionCount + " partitions");
            }
            return Node.live().chain(live -> {
                if (topic.replicationFactor > live.size()) {
                    throw new StrataException(ErrorCode.INVALID_REPLICATION_FACTOR, "topic '" + topic.name
                            + "' has replication factor " + topic.replicationFactor + " but only " + live.size()
                            + " nodes are live");
                }
                List<Partition> added = newPartitions(topic, live, topic.partitionCount,
                        request.getTotalCount() - topic.partitionCount);
                topic.partitionCount = request.getTotalCount();
                return Partition.persist(added)
                        .chain(() -> Partition.ofTopic(topic.topicId))
                        .chain(all -> {
                            TopicDescription description = topic.describe(all);
                            return log.append(state, MetadataChange.newBuilder().setTopic(description))
                                    .map(change -> CreatePartitionsResponse.newBuilder()
                                            .setTopic(description)
                                            .setMetadataVersion(change.getVersion())
                                            .build());
                        });
            });
        }));
    }

    @WithTransaction
    public Uni<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return log.lock().chain(state -> existing(request.getTopic(), "topic").chain(topic -> {
            SortedMap<String, String> next = TopicConfigs.alter(topic.configs, request.getSetMap(), request.getDeleteList());
            TopicConfigs.checkConsistent(topicConfigs.effective(state.topicConfigDefaults, next), "configs");
            topic.configs = next;
            return Partition.ofTopic(topic.topicId).chain(partitions -> {
                TopicDescription description = topic.describe(partitions);
                return log.append(state, MetadataChange.newBuilder().setTopic(description))
                        .map(change -> AlterConfigsResponse.newBuilder()
                                .setTopic(description)
                                .setMetadataVersion(change.getVersion())
                                .build());
            });
        }));
    }

    public Uni<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return Panache.withSession(() -> log.read().chain(state -> request.getTopic().isEmpty()
                ? Uni.createFrom().item(configEntries(state.topicConfigDefaults, Map.of()))
                : existing(request.getTopic(), "topic").map(topic -> configEntries(state.topicConfigDefaults, topic.configs))));
    }

    public Uni<DescribeTopicsResponse> describeTopics(DescribeTopicsRequest request) {
        List<String> names = request.getNamesList();
        return reads.run(state -> (names.isEmpty() ? Topic.all() : Topic.byNames(names)).chain(topics -> {
            Set<String> found = topics.stream().map(topic -> topic.name).collect(Collectors.toSet());
            for (String name : names) {
                if (!found.contains(name)) {
                    throw unknownTopic("names", name);
                }
            }
            return describe(topics).map(descriptions -> DescribeTopicsResponse.newBuilder()
                    .addAllTopics(descriptions)
                    .setMetadataVersion(state.metadataVersion)
                    .build());
        }));
    }

    /** Every topic, fully described, ordered by name; for snapshots, inside the caller's transaction. */
    public Uni<List<TopicDescription>> describeAll() {
        return Topic.all().chain(this::describe);
    }

    /** The effective {@code unclean.leader.election.enable} of a topic, under these dynamic cluster defaults. */
    public boolean uncleanElectionAllowed(Topic topic, Map<String, String> dynamicDefaults) {
        return Boolean.parseBoolean(topicConfigs.effective(dynamicDefaults, topic.configs)
                .get(TopicConfigKey.UNCLEAN_LEADER_ELECTION_ENABLE.configName()));
    }

    /** The topic of this name, or UNKNOWN_TOPIC_OR_PARTITION naming the field. */
    public static Uni<Topic> existing(String name, String field) {
        return Topic.byName(name).onItem().ifNull().failWith(() -> unknownTopic(field, name));
    }

    private Uni<List<TopicDescription>> describe(List<Topic> topics) {
        if (topics.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Partition.ofTopics(topics.stream().map(topic -> topic.topicId).toList()).map(partitions -> {
            Map<UUID, List<Partition>> byTopic = new LinkedHashMap<>();
            partitions.forEach(p -> byTopic.computeIfAbsent(p.topicId, id -> new ArrayList<>()).add(p));
            return topics.stream().map(topic -> topic.describe(byTopic.getOrDefault(topic.topicId, List.of()))).toList();
        });
    }

    private static List<Partition> newPartitions(Topic topic, List<Node> live, int first, int count) {
        List<PlacementNode> nodes = live.stream().map(node -> new PlacementNode(node.nodeId, node.rack)).toList();
        List<List<Integer>> replicas = ReplicaPlacement.place(nodes, topic.name, first, count, topic.replicationFactor);
        List<Partition> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(Partition.create(topic.topicId, first + i, PartitionState.initial(replicas.get(i))));
        }
        return partitions;
    }

    private DescribeConfigsResponse configEntries(Map<String, String> dynamicDefaults, Map<String, String> overrides) {
        return DescribeConfigsResponse.newBuilder().addAllEntries(topicConfigs.describe(dynamicDefaults, overrides)).build();
    }

    private static CreateTopicResponse created(TopicDescription description, long version) {
        return CreateTopicResponse.newBuilder().setTopic(description).setMetadataVersion(version).build();
    }

    public static StrataException unknownTopic(String field, String name) {
        return new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, field + ": topic '" + name + "' does not exist");
    }

}
