package io.strata.client.admin;

import io.grpc.Status;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.GatewayServiceGrpc.GatewayServiceBlockingStub;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionOffset;
import io.strata.api.v1.TopicDescription;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.config.AdminConfig;
import io.strata.client.config.ConfigValues;
import io.strata.client.connection.GatewayConnection;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Topic and cluster administration over the gateway's admin RPCs: thin and blocking, each call
 * with {@code request.timeout.ms} as its deadline. A gateway that cannot be reached is skipped for
 * the next one in bootstrap.servers; any answer (including a refusal, as a
 * {@link StrataClientException} with its code) is final. Thread-safe.
 */
public final class Admin implements AutoCloseable {

    private final AdminConfig config;
    private final GatewayConnection connection;

    private Admin(AdminConfig config) {
        this.config = config;
        this.connection = new GatewayConnection(config.bootstrapServers(), 64 << 20, config.security());
    }

    public static Admin create(Map<String, ?> config) {
        return new Admin(AdminConfig.from(ConfigValues.of(config)));
    }

    public static Admin create(Properties config) {
        return new Admin(AdminConfig.from(ConfigValues.of(config)));
    }

    /** Creates a topic; returns once the gateway that took the call can route to it. */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        call(stub -> stub.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(partitions)
                .setReplicationFactor(replicationFactor).putAllConfigs(configs == null ? Map.of() : configs).build()));
    }

    public void deleteTopic(String name) {
        call(stub -> stub.deleteTopic(DeleteTopicRequest.newBuilder().setName(name).build()));
    }

    /** Raises the topic's partition count to {@code totalCount}. */
    public void createPartitions(String topic, int totalCount) {
        call(stub -> stub.createPartitions(CreatePartitionsRequest.newBuilder().setTopic(topic).setTotalCount(totalCount).build()));
    }

    /** Sets the overrides in {@code set} and removes those named in {@code delete}. */
    public void alterConfigs(String topic, Map<String, String> set, Collection<String> delete) {
        call(stub -> stub.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(topic).putAllSet(set)
                .addAllDelete(delete).build()));
    }

    /** The effective configs of a topic (overrides and defaults), by name. */
    public Map<String, String> describeConfigs(String topic) {
        Map<String, String> configs = new TreeMap<>();
        for (ConfigEntry entry : call(stub -> stub.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(topic).build()))
                .getEntriesList()) {
            configs.put(entry.getName(), entry.getValue());
        }
        return configs;
    }

    public TopicInfo describeTopic(String name) {
        return topicInfo(call(stub -> stub.describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build())).getTopics(0));
    }

    /** Every topic, ordered by name. */
    public List<TopicInfo> describeTopics() {
        return call(stub -> stub.describeTopics(DescribeTopicsRequest.getDefaultInstance())).getTopicsList().stream()
                .map(Admin::topicInfo).toList();
    }

    public ClusterInfo describeCluster() {
        DescribeClusterResponse cluster = call(stub -> stub.describeCluster(DescribeClusterRequest.getDefaultInstance()));
        List<NodeInfo> nodes = cluster.getNodesList().stream().map(Admin::nodeInfo).toList();
        int controller = cluster.hasController() ? cluster.getController().getNodeId() : -1;
        return new ClusterInfo(nodes, controller, cluster.getMetadataVersion());
    }

    /** The offset {@code spec} names for each partition (one call per topic); −1 where none matches a timestamp. */
    public Map<TopicPartition, Long> listOffsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            byTopic.computeIfAbsent(partition.topic(), t -> new java.util.ArrayList<>()).add(partition.partition());
        }
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        byTopic.forEach((topic, indexes) -> {
            ListTopicOffsetsRequest request = ListTopicOffsetsRequest.newBuilder().setTopic(topic).addAllPartitions(indexes)
                    .setSpec(spec(spec)).setTimestampMs(Math.max(0, spec.timestampMs())).build();
            for (PartitionOffset offset : call(stub -> stub.listOffsets(request)).getOffsetsList()) {
                offsets.put(new TopicPartition(topic, offset.getPartition()), offset.getOffset());
            }
        });
        return offsets;
    }

    private static io.strata.api.v1.OffsetSpec spec(OffsetSpec spec) {
        return switch (spec.kind()) {
            case EARLIEST -> io.strata.api.v1.OffsetSpec.OFFSET_SPEC_EARLIEST;
            case LATEST -> io.strata.api.v1.OffsetSpec.OFFSET_SPEC_LATEST;
            case TIMESTAMP -> io.strata.api.v1.OffsetSpec.OFFSET_SPEC_TIMESTAMP;
        };
    }

    /** Runs a call on the current gateway, moving on to the next while one is unreachable. */
    private <T> T call(Function<GatewayServiceBlockingStub, T> call) {
        int attempts = config.bootstrapServers().size();
        for (int attempt = 1; ; attempt++) {
            int gateway = connection.current();
            try {
                return call.apply(connection.blocking(gateway).withDeadlineAfter(config.requestTimeoutMs(), TimeUnit.MILLISECONDS));
            } catch (RuntimeException failure) {
                // Only "could not reach it" moves on: after a deadline the call may have taken effect.
                boolean unreachable = GatewayConnection.isTransportFailure(failure)
                        && Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE;
                StrataClientException error = connection.failure(failure, gateway);
                if (!unreachable || attempt >= attempts) {
                    throw error;
                }
            }
        }
    }

    private static TopicInfo topicInfo(TopicDescription topic) {
        List<PartitionInfo> partitions = topic.getPartitionsList().stream().map(Admin::partitionInfo).toList();
        return new TopicInfo(topic.getName(), topic.getTopicId(), topic.getReplicationFactor(),
                Map.copyOf(topic.getConfigsMap()), partitions);
    }

    private static PartitionInfo partitionInfo(PartitionDescription partition) {
        return new PartitionInfo(partition.getPartition(), partition.getLeader(), partition.getLeaderEpoch(),
                List.copyOf(partition.getReplicasList()), List.copyOf(partition.getIsrList()));
    }

    private static NodeInfo nodeInfo(NodeDescription node) {
        return new NodeInfo(node.getNodeId(), node.getAddress(), node.getRack(), node.getState() == NodeState.NODE_STATE_UP);
    }

    @Override
    public void close() {
        connection.close();
    }
}
