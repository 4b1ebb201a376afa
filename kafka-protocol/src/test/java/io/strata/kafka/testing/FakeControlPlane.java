package io.strata.kafka.testing;

import io.strata.api.error.StrataException;
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
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.backend.ControlPlane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A metadata service in memory: nodes, topics led by the local node, producer id blocks. Thread-safe
 * (synchronized); the view is replaced as a whole on every change, like the real watch.
 */
public final class FakeControlPlane implements ControlPlane {

    public static final String CLUSTER_ID = "c3RyYXRhLXRlc3QtY2x1cw";

    private final int localNodeId;
    private final AtomicLong nextProducerId = new AtomicLong(1000);
    private final List<AllocateProducerIdsRequest> producerIdRequests = new ArrayList<>();
    private final List<CreateTopicRequest> createRequests = new ArrayList<>();
    private volatile ClusterMetadata metadata = ClusterMetadata.EMPTY;
    private volatile boolean autoCreate = true;
    private volatile int producerIdBlockSize = 10;
    private RuntimeException nextAllocationFailure;

    public FakeControlPlane(int localNodeId) {
        this.localNodeId = localNodeId;
    }

    /** Adds or replaces a node and marks the view initialized. */
    public synchronized FakeControlPlane node(int id, String kafkaAddress, NodeState state, String rack) {
        Map<Integer, NodeDescription> nodes = new HashMap<>(metadata.nodes());
        nodes.put(id, NodeDescription.newBuilder().setNodeId(id).setAddress("grpc-" + id + ":9000").setKafkaAddress(kafkaAddress)
                .setState(state).setRack(rack).build());
        publish(metadata.topics(), nodes, metadata.controller());
        return this;
    }

    public synchronized FakeControlPlane controller(int nodeId) {
        publish(metadata.topics(), metadata.nodes(), ControllerDescription.newBuilder().setNodeId(nodeId).setControllerEpoch(1).build());
        return this;
    }

    /** A topic whose partitions all lead on the local node. */
    public synchronized TopicDescription topic(String name, int partitions) {
        List<PartitionDescription> list = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            list.add(PartitionDescription.newBuilder().setPartition(i).addReplicas(localNodeId).setLeader(localNodeId)
                    .setLeaderEpoch(0).addIsr(localNodeId).build());
        }
        return topic(TopicDescription.newBuilder().setName(name).setTopicId(UUID.randomUUID().toString())
                .setReplicationFactor(1).addAllPartitions(list).build());
    }

    public synchronized TopicDescription topic(TopicDescription topic) {
        Map<String, TopicDescription> topics = new HashMap<>(metadata.topics());
        topics.put(topic.getName(), topic);
        publish(topics, metadata.nodes(), metadata.controller());
        return topic;
    }

    public void autoCreate(boolean enabled) {
        autoCreate = enabled;
    }

    public void producerIdBlockSize(int size) {
        producerIdBlockSize = size;
    }

    /** The next producer id block request fails with {@code failure}. */
    public synchronized void failNextProducerIdAllocation(RuntimeException failure) {
        nextAllocationFailure = failure;
    }

    public synchronized List<AllocateProducerIdsRequest> producerIdRequests() {
        return List.copyOf(producerIdRequests);
    }

    public synchronized List<CreateTopicRequest> createRequests() {
        return List.copyOf(createRequests);
    }

    private void publish(Map<String, TopicDescription> topics, Map<Integer, NodeDescription> nodes, ControllerDescription controller) {
        metadata = new ClusterMetadata(metadata.version() + 1, true, topics, nodes, controller);
    }

    @Override
    public int localNodeId() {
        return localNodeId;
    }

    @Override
    public String clusterId() {
        return CLUSTER_ID;
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
    public synchronized CompletionStage<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        createRequests.add(request);
        if (metadata.topics().containsKey(request.getName())) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.TOPIC_ALREADY_EXISTS, request.getName()));
        }
        TopicDescription created = topic(request.getName(), request.getPartitions() == 0 ? 1 : request.getPartitions());
        return CompletableFuture.completedFuture(CreateTopicResponse.newBuilder().setTopic(created)
                .setMetadataVersion(metadata.version()).build());
    }

    @Override
    public CompletionStage<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return unsupported();
    }

    @Override
    public CompletionStage<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return unsupported();
    }

    @Override
    public CompletionStage<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return unsupported();
    }

    @Override
    public CompletionStage<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        return unsupported();
    }

    @Override
    public CompletionStage<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return unsupported();
    }

    @Override
    public synchronized CompletionStage<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request) {
        producerIdRequests.add(request);
        if (nextAllocationFailure != null) {
            RuntimeException failure = nextAllocationFailure;
            nextAllocationFailure = null;
            return CompletableFuture.failedFuture(failure);
        }
        int count = request.getCount() == 0 ? producerIdBlockSize : request.getCount();
        long first = nextProducerId.getAndAdd(count);
        return CompletableFuture.completedFuture(AllocateProducerIdsResponse.newBuilder().setFirstProducerId(first).setCount(count).build());
    }

    @Override
    public boolean autoCreateTopics() {
        return autoCreate;
    }

    private static <T> CompletionStage<T> unsupported() {
        return CompletableFuture.failedFuture(new StrataException(ErrorCode.INVALID_REQUEST, "not in the fake"));
    }
}
