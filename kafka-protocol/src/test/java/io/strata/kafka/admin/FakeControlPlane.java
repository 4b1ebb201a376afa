package io.strata.kafka.admin;

import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ClusterDefaults;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.backend.ControlPlane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The metadata service as the admin handlers see it, in memory: topics with overrides, a version
 * bumped on every change, cluster defaults (3 partitions, replication factor 1), four known topic
 * configs with types, and the service's refusals with its codes and messages (duplicate topic,
 * unknown topic, bad config key or value, too few live nodes, partition count not raised). Every
 * call answers synchronously. Not thread-safe: one test thread.
 */
final class FakeControlPlane implements ControlPlane {

    static final int DEFAULT_PARTITIONS = 3;
    static final int DEFAULT_REPLICATION_FACTOR = 1;
    /** name → {type, default}. */
    static final SortedMap<String, String[]> KNOWN = new TreeMap<>(Map.of(
            "cleanup.policy", new String[]{"enum", "delete"},
            "min.insync.replicas", new String[]{"int", "1"},
            "retention.ms", new String[]{"long", "604800000"},
            "unclean.leader.election.enable", new String[]{"boolean", "false"}));

    final SortedMap<String, TopicDescription> topics = new TreeMap<>();
    final SortedMap<Integer, NodeDescription> nodes = new TreeMap<>();
    final List<Long> awaited = new ArrayList<>();
    final List<Object> changes = new ArrayList<>();
    /** The dynamic cluster defaults, as the metadata service keeps them. */
    final SortedMap<String, String> clusterDefaults = new TreeMap<>();
    int localNodeId = 1;
    int controllerId = -1;
    boolean autoCreate = true;
    long version = 10;

    FakeControlPlane withNode(int id, String kafkaAddress, NodeState state, String rack) {
        nodes.put(id, NodeDescription.newBuilder().setNodeId(id).setAddress("grpc-" + id + ":7000")
                .setKafkaAddress(kafkaAddress).setState(state).setRack(rack).build());
        return this;
    }

    FakeControlPlane withTopic(String name, int partitions, Map<String, String> configs) {
        topics.put(name, describe(name, UUID.randomUUID().toString(), partitions, 1, new TreeMap<>(configs)));
        return this;
    }

    @Override
    public int localNodeId() {
        return localNodeId;
    }

    @Override
    public String clusterId() {
        return "Y2x1c3Rlci1pZC0xMjM0NQ";
    }

    @Override
    public ClusterMetadata metadata() {
        return new ClusterMetadata(version, true, topics, nodes,
                ControllerDescription.newBuilder().setNodeId(controllerId).setControllerEpoch(1).build());
    }

    @Override
    public CompletionStage<Void> awaitVersion(long awaitedVersion) {
        if (awaitedVersion > version) {
            return CompletableFuture.failedFuture(new AssertionError("awaited version " + awaitedVersion
                    + " the service never made (it is at " + version + ")"));
        }
        awaited.add(awaitedVersion);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        return answer(() -> {
            if (request.getName().isEmpty()) {
                throw new StrataException(ErrorCode.INVALID_TOPIC, "name: topic name '' is empty");
            }
            SortedMap<String, String> configs = validate(request.getConfigsMap());
            if (topics.containsKey(request.getName())) {
                throw new StrataException(ErrorCode.TOPIC_ALREADY_EXISTS, "name: topic '" + request.getName() + "' already exists");
            }
            int partitions = request.getPartitions() == 0 ? DEFAULT_PARTITIONS : request.getPartitions();
            int replicationFactor = request.getReplicationFactor() == 0 ? DEFAULT_REPLICATION_FACTOR : request.getReplicationFactor();
            long live = nodes.values().stream().filter(n -> n.getState() == NodeState.NODE_STATE_UP).count();
            if (replicationFactor > live) {
                throw new StrataException(ErrorCode.INVALID_REPLICATION_FACTOR,
                        "replication_factor: " + replicationFactor + " is more than the " + live + " live nodes");
            }
            TopicDescription topic = describe(request.getName(), UUID.randomUUID().toString(), partitions, replicationFactor, configs);
            if (request.getValidateOnly()) {
                return CreateTopicResponse.newBuilder().setTopic(topic).setMetadataVersion(version).build();
            }
            topics.put(topic.getName(), topic);
            changes.add(request);
            return CreateTopicResponse.newBuilder().setTopic(topic).setMetadataVersion(++version).build();
        });
    }

    @Override
    public CompletionStage<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return answer(() -> {
            TopicDescription topic = existing(request.getName(), "name");
            topics.remove(topic.getName());
            changes.add(request);
            return DeleteTopicResponse.newBuilder().setTopicId(topic.getTopicId()).setMetadataVersion(++version).build();
        });
    }

    @Override
    public CompletionStage<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return answer(() -> {
            TopicDescription topic = existing(request.getTopic(), "topic");
            if (request.getTotalCount() <= topic.getPartitionsCount()) {
                throw new StrataException(ErrorCode.INVALID_PARTITIONS, "total_count: " + request.getTotalCount()
                        + " is not more than topic '" + topic.getName() + "''s " + topic.getPartitionsCount() + " partitions");
            }
            TopicDescription grown = describe(topic.getName(), topic.getTopicId(), request.getTotalCount(),
                    topic.getReplicationFactor(), topic.getConfigsMap());
            topics.put(grown.getName(), grown);
            changes.add(request);
            return CreatePartitionsResponse.newBuilder().setTopic(grown).setMetadataVersion(++version).build();
        });
    }

    @Override
    public CompletionStage<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return answer(() -> {
            TopicDescription topic = existing(request.getTopic(), "topic");
            SortedMap<String, String> configs = new TreeMap<>(topic.getConfigsMap());
            configs.putAll(validate(request.getSetMap()));
            for (String name : request.getDeleteList()) {
                requireKnown(name);
                if (request.getSetMap().containsKey(name)) {
                    throw new StrataException(ErrorCode.INVALID_CONFIG,
                            "delete: config key '" + name + "' is both set and deleted in one request");
                }
                configs.remove(name);
            }
            TopicDescription altered = topic.toBuilder().clearConfigs().putAllConfigs(configs).build();
            topics.put(altered.getName(), altered);
            changes.add(request);
            return AlterConfigsResponse.newBuilder().setTopic(altered).setMetadataVersion(++version).build();
        });
    }

    @Override
    public CompletionStage<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        return answer(() -> {
            SortedMap<String, String> next = new TreeMap<>(clusterDefaults);
            next.putAll(validate(request.getSetMap()));
            request.getDeleteList().forEach(name -> {
                requireKnown(name);
                next.remove(name);
            });
            if (!request.getValidateOnly()) {
                clusterDefaults.clear();
                clusterDefaults.putAll(next);
                changes.add(request);
                version++;
            }
            return AlterClusterConfigsResponse.newBuilder()
                    .setDefaults(ClusterDefaults.newBuilder().putAllConfigs(next)).setMetadataVersion(version).build();
        });
    }

    @Override
    public CompletionStage<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return answer(() -> {
            Map<String, String> overrides = request.getTopic().isEmpty()
                    ? Map.of() : existing(request.getTopic(), "topic").getConfigsMap();
            DescribeConfigsResponse.Builder response = DescribeConfigsResponse.newBuilder();
            KNOWN.forEach((name, typeAndDefault) -> response.addEntries(ConfigEntry.newBuilder()
                    .setName(name)
                    .setValue(overrides.getOrDefault(name, clusterDefaults.getOrDefault(name, typeAndDefault[1])))
                    .setSource(overrides.containsKey(name) ? ConfigSource.CONFIG_SOURCE_TOPIC
                            : clusterDefaults.containsKey(name) ? ConfigSource.CONFIG_SOURCE_CLUSTER
                            : ConfigSource.CONFIG_SOURCE_DEFAULT)
                    .setType(typeAndDefault[0])
                    .setDocumentation("what " + name + " does")));
            return response.build();
        });
    }

    @Override
    public CompletionStage<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request) {
        throw new UnsupportedOperationException("not an admin call");
    }

    @Override
    public boolean autoCreateTopics() {
        return autoCreate;
    }

    private TopicDescription existing(String name, String field) {
        TopicDescription topic = topics.get(name);
        if (topic == null) {
            throw new StrataException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, field + ": topic '" + name + "' does not exist");
        }
        return topic;
    }

    private static SortedMap<String, String> validate(Map<String, String> configs) {
        SortedMap<String, String> valid = new TreeMap<>();
        new TreeMap<>(configs).forEach((name, value) -> {
            String type = requireKnown(name)[0];
            boolean ok = switch (type) {
                case "long", "int" -> value.matches("-?[0-9]+");
                case "boolean" -> value.equals("true") || value.equals("false");
                default -> value.equals("delete") || value.equals("compact");
            };
            if (!ok) {
                throw new StrataException(ErrorCode.INVALID_CONFIG, "configs: value '" + value + "' of '" + name + "' is not a valid " + type);
            }
            valid.put(name, value);
        });
        return valid;
    }

    private static String[] requireKnown(String name) {
        String[] known = KNOWN.get(name);
        if (known == null) {
            throw new StrataException(ErrorCode.INVALID_CONFIG,
                    "configs: unknown config key '" + name + "'; known keys are " + KNOWN.keySet());
        }
        return known;
    }

    private static TopicDescription describe(String name, String id, int partitions, int replicationFactor,
                                             Map<String, String> configs) {
        TopicDescription.Builder topic = TopicDescription.newBuilder().setName(name).setTopicId(id)
                .setReplicationFactor(replicationFactor).putAllConfigs(configs);
        for (int p = 0; p < partitions; p++) {
            topic.addPartitions(PartitionDescription.newBuilder().setPartition(p).addReplicas(1).setLeader(1).addIsr(1));
        }
        return topic.build();
    }

    /** The service's answer, or its refusal as a failed stage (as the gRPC client delivers it). */
    private static <T> CompletionStage<T> answer(java.util.function.Supplier<T> call) {
        try {
            return CompletableFuture.completedFuture(call.get());
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
