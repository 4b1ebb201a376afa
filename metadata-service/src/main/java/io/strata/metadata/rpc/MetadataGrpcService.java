package io.strata.metadata.rpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.AllocateProducerIdsResponse;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.AlterConfigsResponse;
import io.strata.api.v1.AlterPartitionRequest;
import io.strata.api.v1.AlterPartitionResponse;
import io.strata.api.v1.AlterPartitionResult;
import io.strata.api.v1.AlterPartitionsRequest;
import io.strata.api.v1.AlterPartitionsResponse;
import io.strata.api.v1.ClaimControllerRequest;
import io.strata.api.v1.ClaimControllerResponse;
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
import io.strata.api.v1.ElectLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ElectLeadersResponse;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.HeartbeatResponse;
import io.strata.api.v1.MetadataService;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.DeleteScramCredentialResponse;
import io.strata.api.v1.DescribeScramCredentialsRequest;
import io.strata.api.v1.DescribeScramCredentialsResponse;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.api.v1.UpsertScramCredentialResponse;
import io.strata.metadata.controller.ControllerService;
import io.strata.metadata.credential.ScramCredentialService;
import io.strata.metadata.acl.AclService;
import io.strata.metadata.quota.QuotaService;
import io.strata.api.v1.AlterClientQuotasRequest;
import io.strata.api.v1.AlterClientQuotasResponse;
import io.strata.api.v1.DescribeClientQuotasRequest;
import io.strata.api.v1.DescribeClientQuotasResponse;
import io.strata.api.v1.CreateAclsRequest;
import io.strata.api.v1.CreateAclsResponse;
import io.strata.api.v1.DeleteAclsRequest;
import io.strata.api.v1.DeleteAclsResponse;
import io.strata.api.v1.DescribeAclsRequest;
import io.strata.api.v1.DescribeAclsResponse;
import io.strata.metadata.metrics.ControllerMetrics;
import io.strata.metadata.node.NodeRegistry;
import io.strata.metadata.partition.PartitionService;
import io.strata.metadata.partition.PreferredLeaderService;
import io.strata.metadata.partition.ReassignmentService;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.ListPartitionReassignmentsResponse;
import io.strata.metadata.producer.ProducerIdAllocator;
import io.strata.metadata.topic.ClusterDefaultsService;
import io.strata.metadata.topic.TopicService;
import io.strata.metadata.watch.MetadataWatch;
import io.smallrye.common.annotation.NonBlocking;
import io.strata.api.identity.Caller;
import io.strata.api.identity.ClusterAuthInterceptor;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The strata.v1.MetadataService endpoint: a thin shell over the services of each concept. The
 * node RPCs (RegisterNode, Heartbeat, AlterPartition, ClaimController, ElectLeaders) run only for
 * the node that makes them when the cluster secret is set ({@link #asNode}). Every
 * method is non-blocking (Hibernate Reactive and the reactive client on the event loop); failures
 * leave through {@link io.strata.api.error.GrpcErrorMapper}.
 */
@GrpcService
@NonBlocking
public class MetadataGrpcService implements MetadataService {

    private final NodeRegistry nodes;
    private final TopicService topics;
    private final PartitionService partitions;
    private final ControllerService controller;
    private final MetadataWatch watch;
    private final ProducerIdAllocator producerIds;
    private final ControllerMetrics metrics;
    private final ScramCredentialService credentials;
    private final ClusterDefaultsService clusterDefaults;
    private final AclService acls;
    private final ReassignmentService reassignments;
    private final QuotaService quotas;
    private final PreferredLeaderService preferredLeaders;

    public MetadataGrpcService(NodeRegistry nodes, TopicService topics, PartitionService partitions,
                               ControllerService controller, MetadataWatch watch, ProducerIdAllocator producerIds,
                               ControllerMetrics metrics, ScramCredentialService credentials,
                               ClusterDefaultsService clusterDefaults, AclService acls,
                               ReassignmentService reassignments,
                               QuotaService quotas, PreferredLeaderService preferredLeaders) {
        this.reassignments = reassignments;
        this.quotas = quotas;
        this.preferredLeaders = preferredLeaders;
        this.credentials = credentials;
        this.clusterDefaults = clusterDefaults;
        this.acls = acls;
        this.nodes = nodes;
        this.topics = topics;
        this.partitions = partitions;
        this.controller = controller;
        this.watch = watch;
        this.producerIds = producerIds;
        this.metrics = metrics;
    }

    @Override
    public Uni<RegisterNodeResponse> registerNode(RegisterNodeRequest request) {
        return asNode(request.getNodeId(), "node_id", () -> nodes.register(request));
    }

    @Override
    public Uni<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
        return asNode(request.getNodeId(), "node_id", () -> nodes.heartbeat(request));
    }

    @Override
    public Uni<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        return Uni.createFrom().deferred(() -> topics.create(request));
    }

    @Override
    public Uni<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return Uni.createFrom().deferred(() -> topics.delete(request));
    }

    @Override
    public Uni<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return Uni.createFrom().deferred(() -> topics.createPartitions(request));
    }

    @Override
    public Uni<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return Uni.createFrom().deferred(() -> topics.alterConfigs(request));
    }

    @Override
    public Uni<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        return Uni.createFrom().deferred(() -> clusterDefaults.alter(request));
    }

    @Override
    public Uni<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return Uni.createFrom().deferred(() -> topics.describeConfigs(request));
    }

    @Override
    public Uni<DescribeClusterResponse> describeCluster(DescribeClusterRequest request) {
        return Uni.createFrom().deferred(nodes::describeCluster);
    }

    @Override
    public Uni<DescribeTopicsResponse> describeTopics(DescribeTopicsRequest request) {
        if (request.getNamesCount() == 0) { // every topic: from the cached snapshot, not the database
            return watch.snapshot().map(snapshot -> DescribeTopicsResponse.newBuilder()
                    .addAllTopics(snapshot.getTopicsList()).setMetadataVersion(snapshot.getVersion()).build());
        }
        return Uni.createFrom().deferred(() -> topics.describeTopics(request));
    }

    @Override
    public Uni<AlterPartitionResponse> alterPartition(AlterPartitionRequest request) {
        return asNode(request.getLeader(), "leader", () -> partitions.alterPartition(request)).invoke(metrics::isrChanged);
    }

    @Override
    public Uni<AlterPartitionsResponse> alterPartitions(AlterPartitionsRequest request) {
        return asNode(request.getLeader(), "leader", () -> partitions.alterPartitions(request))
                .invoke(response -> metrics.isrsChanged((int) response.getResultsList().stream()
                        .filter(AlterPartitionResult::hasDescription).count()));
    }

    @Override
    public Uni<ClaimControllerResponse> claimController(ClaimControllerRequest request) {
        return asNode(request.getNodeId(), "node_id", () -> controller.claim(request))
                .invoke(response -> metrics.controllerAt(response.getController().getControllerEpoch()));
    }

    @Override
    public Uni<ElectLeadersResponse> electLeaders(ElectLeadersRequest request) {
        return asNode(request.getNodeId(), "node_id", () -> controller.electLeaders(request))
                .invoke(response -> metrics.elected(response.getPartitionsCount(), request.getControllerEpoch()));
    }

    @Override
    public Multi<WatchMetadataResponse> watchMetadata(WatchMetadataRequest request) {
        return watch.watch(request.getFromVersion());
    }

    @Override
    public Uni<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request) {
        return Uni.createFrom().deferred(() -> producerIds.allocate(request));
    }

    @Override
    public Uni<UpsertScramCredentialResponse> upsertScramCredential(UpsertScramCredentialRequest request) {
        return Uni.createFrom().deferred(() -> credentials.upsert(request));
    }

    @Override
    public Uni<DeleteScramCredentialResponse> deleteScramCredential(DeleteScramCredentialRequest request) {
        return Uni.createFrom().deferred(() -> credentials.delete(request));
    }

    @Override
    public Uni<DescribeScramCredentialsResponse> describeScramCredentials(DescribeScramCredentialsRequest request) {
        return Uni.createFrom().deferred(() -> credentials.describe(request));
    }

    @Override
    public Uni<CreateAclsResponse> createAcls(CreateAclsRequest request) {
        return Uni.createFrom().deferred(() -> acls.create(request));
    }

    @Override
    public Uni<DescribeAclsResponse> describeAcls(DescribeAclsRequest request) {
        return Uni.createFrom().deferred(() -> acls.describe(request));
    }

    @Override
    public Uni<DeleteAclsResponse> deleteAcls(DeleteAclsRequest request) {
        return Uni.createFrom().deferred(() -> acls.delete(request));
    }

    @Override
    public Uni<AlterPartitionReassignmentsResponse> alterPartitionReassignments(AlterPartitionReassignmentsRequest request) {
        return Uni.createFrom().deferred(() -> reassignments.alter(request));
    }

    @Override
    public Uni<ListPartitionReassignmentsResponse> listPartitionReassignments(ListPartitionReassignmentsRequest request) {
        return Uni.createFrom().deferred(() -> reassignments.list(request));
    }

    @Override
    public Uni<ElectPreferredLeadersResponse> electPreferredLeaders(ElectPreferredLeadersRequest request) {
        return Uni.createFrom().deferred(() -> preferredLeaders.elect(request));
    }

    @Override
    public Uni<AlterClientQuotasResponse> alterClientQuotas(AlterClientQuotasRequest request) {
        return Uni.createFrom().deferred(() -> quotas.alter(request));
    }

    @Override
    public Uni<DescribeClientQuotasResponse> describeClientQuotas(DescribeClientQuotasRequest request) {
        return Uni.createFrom().deferred(quotas::describe);
    }

    /**
     * Runs a node's own RPC only for that node: with a cluster secret, the authenticated caller
     * must be node {@code nodeId} (so only the node holding the controller claim can elect, and no
     * node registers or heartbeats for another). The caller is read here, on the calling thread,
     * where the gRPC context holds it.
     */
    private static <T> Uni<T> asNode(int nodeId, String field, Supplier<Uni<T>> rpc) {
        Optional<Caller> caller = ClusterAuthInterceptor.caller();
        return Uni.createFrom().deferred(() -> {
            caller.ifPresent(c -> c.checkIsNode(nodeId, field));
            return rpc.get();
        });
    }
}
