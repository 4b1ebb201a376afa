package io.strata.kafka.group;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.backend.ControlPlane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The metadata a group handler reads: this node (id 1) with a Kafka address, and topics with ids. */
final class FakeControlPlane implements ControlPlane {

    private volatile ClusterMetadata metadata;
    private volatile int localNodeId = 1;

    FakeControlPlane(String kafkaAddress, Map<String, Integer> partitionCounts) {
        Map<String, TopicDescription> topics = new HashMap<>();
        partitionCounts.forEach((name, count) -> {
            TopicDescription.Builder topic = TopicDescription.newBuilder().setName(name)
                    .setTopicId(UUID.nameUUIDFromBytes(name.getBytes()).toString()).setReplicationFactor(1);
            for (int p = 0; p < count; p++) {
                topic.addPartitions(PartitionDescription.newBuilder().setPartition(p).addReplicas(1).setLeader(1).addIsr(1));
            }
            topics.put(name, topic.build());
        });
        NodeDescription node = NodeDescription.newBuilder().setNodeId(1).setAddress("localhost:9000")
                .setKafkaAddress(kafkaAddress).setState(NodeState.NODE_STATE_UP).build();
        metadata = new ClusterMetadata(1, true, topics, Map.of(1, node),
                ControllerDescription.newBuilder().setNodeId(1).build());
    }

    /** The same topics, but these nodes, and this node is {@code self}. */
    FakeControlPlane withNodes(int self, List<NodeDescription> nodes) {
        Map<Integer, NodeDescription> byId = new HashMap<>();
        nodes.forEach(node -> byId.put(node.getNodeId(), node));
        metadata = new ClusterMetadata(metadata.version() + 1, true, metadata.topics(), byId, metadata.controller());
        localNodeId = self;
        return this;
    }

    static String topicId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    @Override
    public int localNodeId() {
        return localNodeId;
    }

    @Override
    public String clusterId() {
        return "c3RyYXRhLWNsdXN0ZXItaWQ";
    }

    @Override
    public ClusterMetadata metadata() {
        return metadata;
    }

    @Override
    public CompletionStage<Void> awaitVersion(long version) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean autoCreateTopics() {
        return false;
    }
}
