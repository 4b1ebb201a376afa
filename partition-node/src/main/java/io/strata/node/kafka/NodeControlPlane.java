package io.strata.node.kafka;

import io.grpc.Channel;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AllocateProducerIdsRequest;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.AllocateProducerIdsResponse;
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
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeConfigsResponse;
import io.strata.api.v1.MutinyMetadataServiceGrpc;
import io.strata.api.v1.DeleteScramCredentialRequest;
import io.strata.api.v1.DescribeScramCredentialsRequest;
import io.strata.api.v1.ScramCredential;
import io.strata.api.v1.UpsertScramCredentialRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.UserCredentials;
import io.strata.kafka.backend.AclStore;
import io.strata.kafka.backend.LeaderElections;
import io.strata.kafka.backend.PartitionMoves;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.ListPartitionReassignmentsResponse;
import io.strata.kafka.backend.QuotaStore;
import io.strata.api.quota.ClientQuota;
import io.strata.api.quota.QuotaMessages;
import io.strata.api.v1.AlterClientQuotasRequest;
import io.strata.api.v1.DescribeClientQuotasRequest;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.api.acl.AclMessages;
import io.strata.api.v1.CreateAclsRequest;
import io.strata.api.v1.DeleteAclsRequest;
import io.strata.api.v1.DescribeAclsRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The metadata service as the Kafka listener sees it: the node's own metadata view (published by
 * the membership thread after every applied event) and the service's calls (topics, configs,
 * producer ids, SCRAM credentials, ACLs, reassignments, preferred-leader elections), forwarded unchanged.
 *
 * <p>Invariant: {@link #metadata()} only moves forward in version, and {@link #awaitVersion} waiters
 * are completed by the same publication that makes the version visible, so an answer given after
 * the wait shows the change. Thread-safe: the snapshot is volatile, the waiters are guarded by this.
 */
final class NodeControlPlane implements ControlPlane, UserCredentials, AclStore, PartitionMoves, LeaderElections, QuotaStore {

    private final int nodeId;
    private final Supplier<String> clusterId;
    private final Channel metadataService;
    private final Duration timeout;
    private final boolean autoCreateTopics;
    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private final List<VersionWaiter> waiters = new ArrayList<>();

    NodeControlPlane(int nodeId, Supplier<String> clusterId, Channel metadataService, Duration timeout, boolean autoCreateTopics) {
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.metadataService = metadataService;
        this.timeout = timeout;
        this.autoCreateTopics = autoCreateTopics;
    }

    /** Called on the membership thread after each applied metadata event. */
    void publish(ClusterMetadata metadata) {
        List<VersionWaiter> reached = new ArrayList<>();
        synchronized (this) {
            if (metadata.version() < current.version()) {
                return;
            }
            current = metadata;
            waiters.removeIf(waiter -> {
                if (waiter.version <= metadata.version()) {
                    reached.add(waiter);
                    return true;
                }
                return false;
            });
        }
        reached.forEach(waiter -> waiter.done.complete(null));
    }

    @Override
    public int localNodeId() {
        return nodeId;
    }

    @Override
    public String clusterId() {
        return clusterId.get();
    }

    @Override
    public ClusterMetadata metadata() {
        return current;
    }

    /**
     * Completes once the view has {@code version}, or after the request timeout: the change is
     * made either way, and a client that does not see it yet retries its Metadata request.
     */
    @Override
    public CompletionStage<Void> awaitVersion(long version) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (current.version() >= version) {
                return CompletableFuture.completedFuture(null);
            }
            waiters.add(new VersionWaiter(version, done));
        }
        return done.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, failure) -> {
                    synchronized (this) {
                        waiters.removeIf(waiter -> waiter.done == done);
                    }
                });
    }

    @Override
    public CompletionStage<CreateTopicResponse> createTopic(CreateTopicRequest request) {
        return call(stub -> stub.createTopic(request));
    }

    @Override
    public CompletionStage<DeleteTopicResponse> deleteTopic(DeleteTopicRequest request) {
        return call(stub -> stub.deleteTopic(request));
    }

    @Override
    public CompletionStage<CreatePartitionsResponse> createPartitions(CreatePartitionsRequest request) {
        return call(stub -> stub.createPartitions(request));
    }

    @Override
    public CompletionStage<AlterConfigsResponse> alterConfigs(AlterConfigsRequest request) {
        return call(stub -> stub.alterConfigs(request));
    }

    @Override
    public CompletionStage<AlterClusterConfigsResponse> alterClusterConfigs(AlterClusterConfigsRequest request) {
        return call(stub -> stub.alterClusterConfigs(request));
    }

    @Override
    public CompletionStage<DescribeConfigsResponse> describeConfigs(DescribeConfigsRequest request) {
        return call(stub -> stub.describeConfigs(request));
    }

    @Override
    public CompletionStage<AllocateProducerIdsResponse> allocateProducerIds(AllocateProducerIdsRequest request) {
        return call(stub -> stub.allocateProducerIds(request));
    }

    @Override
    public CompletionStage<List<ScramCredential>> describe(List<String> users, boolean includeKeys) {
        return call(stub -> stub.describeScramCredentials(DescribeScramCredentialsRequest.newBuilder().addAllUsers(users)
                .setIncludeKeys(includeKeys).build()).map(response -> response.getCredentialsList()));
    }

    @Override
    public CompletionStage<Void> upsert(UpsertScramCredentialRequest request) {
        return call(stub -> stub.upsertScramCredential(request).replaceWithVoid());
    }

    @Override
    public CompletionStage<Void> delete(DeleteScramCredentialRequest request) {
        return call(stub -> stub.deleteScramCredential(request).replaceWithVoid());
    }

    @Override
    public CompletionStage<Integer> create(List<AclBinding> bindings) {
        return call(stub -> stub.createAcls(CreateAclsRequest.newBuilder()
                .addAllBindings(bindings.stream().map(AclMessages::message).toList()).build()).map(r -> r.getCreated()));
    }

    @Override
    public CompletionStage<List<AclBinding>> describe(List<AclFilter> filters) {
        return call(stub -> stub.describeAcls(DescribeAclsRequest.newBuilder()
                .addAllFilters(filters.stream().map(AclMessages::message).toList()).build())
                .map(r -> r.getBindingsList().stream().map(AclMessages::binding).toList()));
    }

    @Override
    public CompletionStage<List<List<AclBinding>>> delete(List<AclFilter> filters) {
        return call(stub -> stub.deleteAcls(DeleteAclsRequest.newBuilder()
                .addAllFilters(filters.stream().map(AclMessages::message).toList()).build())
                .map(r -> r.getResultsList().stream().map(result -> result.getDeletedList().stream()
                        .map(AclMessages::binding).toList()).toList()));
    }

    @Override
    public CompletionStage<AlterPartitionReassignmentsResponse> alterReassignments(AlterPartitionReassignmentsRequest request) {
        return call(stub -> stub.alterPartitionReassignments(request));
    }

    @Override
    public CompletionStage<ListPartitionReassignmentsResponse> listReassignments(ListPartitionReassignmentsRequest request) {
        return call(stub -> stub.listPartitionReassignments(request));
    }

    @Override
    public CompletionStage<ElectPreferredLeadersResponse> electPreferredLeaders(ElectPreferredLeadersRequest request) {
        return call(stub -> stub.electPreferredLeaders(request));
    }

    @Override
    public CompletionStage<Integer> alter(List<QuotaMessages.Alteration> alterations) {
        return call(stub -> stub.alterClientQuotas(AlterClientQuotasRequest.newBuilder()
                .addAllAlterations(alterations.stream().map(QuotaMessages::message).toList()).build()).map(r -> r.getChanged()));
    }

    @Override
    public CompletionStage<List<ClientQuota>> quotas() {
        return call(stub -> stub.describeClientQuotas(DescribeClientQuotasRequest.getDefaultInstance())
                .map(r -> r.getQuotasList().stream().map(QuotaMessages::quota).toList()));
    }

    @Override
    public boolean autoCreateTopics() {
        return autoCreateTopics;
    }

    private <T> CompletionStage<T> call(Function<MutinyMetadataServiceGrpc.MutinyMetadataServiceStub, Uni<T>> rpc) {
        MutinyMetadataServiceGrpc.MutinyMetadataServiceStub stub = MutinyMetadataServiceGrpc.newMutinyStub(metadataService)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return rpc.apply(stub).onFailure().transform(GrpcErrors::asStrataException).subscribeAsCompletionStage();
    }

    private record VersionWaiter(long version, CompletableFuture<Void> done) {
    }
}
