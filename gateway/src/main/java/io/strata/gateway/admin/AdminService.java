package io.strata.gateway.admin;

import io.smallrye.mutiny.Uni;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreatePartitionsResponse;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DeleteTopicResponse;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.DescribeClusterResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.ListReplicasResponse;
import io.strata.api.v1.MutinyMetadataServiceGrpc.MutinyMetadataServiceStub;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.ReplicaInfo;
import io.strata.api.v1.TopicDescription;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.MetadataServiceClient;
import io.strata.gateway.routing.NodeChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Admin calls, forwarded to the metadata service with the request timeout as deadline. Changes
 * answer once this gateway's cache has applied them, so the caller's next request through the
 * same gateway sees the change. Describing topics adds each partition's offsets, asked of the
 * leaders ({@code ListReplicas}, one call per leader node).
 */
@ApplicationScoped
public class AdminService {

    @Inject
    MetadataServiceClient metadata;
    @Inject
    MetadataCache cache;
    @Inject
    NodeChannels nodes;
    @Inject
    GatewayConfig config;

    private MutinyMetadataServiceStub stub() {
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    public Uni<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        return stub().createTopic(request).call(response -> request.getValidateOnly()
                ? Uni.createFrom().voidItem() : cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    public Uni<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return stub().deleteTopic(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    public Uni<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return stub().createPartitions(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    public Uni<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return stub().alterConfigs(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    /** Changes the cluster defaults; answers once this gateway's view has them (the nodes apply them as they hear). */
    public Uni<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        return stub().alterClusterConfigs(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    public Uni<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return stub().describeConfigs(request);
    }

    public Uni<DescribeTopicsResponse> describeTopics(DescribeTopicsRequest request) {
        return stub().describeTopics(request);
    }

    public Uni<DescribeClusterResponse> describeCluster() {
        return stub().describeCluster(DescribeClusterRequest.getDefaultInstance());
    }

    /** One topic with its partitions' offsets from their leaders. */
    public Uni<DescribedTopic> describeWithOffsets(String name) {
        return describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build())
                .chain(response -> {
                    TopicDescription topic = response.getTopics(0);
                    return leaderOffsets(topic).map(offsets -> new DescribedTopic(topic, offsets));
                });
    }

    private Uni<Map<Integer, PartitionOffsets>> leaderOffsets(TopicDescription topic) {
        Map<Integer, NodeDescription> known = cache.current().nodes();
        Map<Integer, List<Integer>> partitionsByLeader = new HashMap<>();
        for (PartitionDescription partition : topic.getPartitionsList()) {
            if (known.containsKey(partition.getLeader())) {
                partitionsByLeader.computeIfAbsent(partition.getLeader(), n -> new ArrayList<>()).add(partition.getPartition());
            }
        }
        if (partitionsByLeader.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map<Integer, PartitionOffsets>>> perNode = new ArrayList<>();
        partitionsByLeader.forEach((node, partitions) -> perNode.add(nodes.partitionService(known.get(node).getAddress())
                .withDeadlineAfter(Math.min(5000, config.requestTimeout().toMillis()), TimeUnit.MILLISECONDS)
                .listReplicas(ListReplicasRequest.getDefaultInstance())
                .map(replicas -> offsetsOf(topic.getName(), partitions, replicas))
                .onFailure().recoverWithItem(Map.of())));
        return Uni.join().all(perNode).andFailFast().map(maps -> {
            Map<Integer, PartitionOffsets> all = new HashMap<>();
            maps.forEach(all::putAll);
            return all;
        });
    }

    private static Map<Integer, PartitionOffsets> offsetsOf(String topic, List<Integer> partitions, ListReplicasResponse replicas) {
        Map<Integer, PartitionOffsets> offsets = new HashMap<>();
        for (ReplicaInfo replica : replicas.getReplicasList()) {
            if (replica.getTopic().equals(topic) && partitions.contains(replica.getPartition())) {
                offsets.put(replica.getPartition(), new PartitionOffsets(replica.getLogStartOffset(), replica.getHighWatermark()));
            }
        }
        return offsets;
    }
}
