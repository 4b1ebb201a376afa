package io.strata.node.kafka;

import io.grpc.Channel;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.DescribeGroupsResponse;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.ListGroupsResponse;
import io.strata.api.v1.MutinyGroupCoordinatorServiceGrpc;
import io.strata.kafka.backend.GroupBackend;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The group coordinator service, forwarded unchanged over one gRPC channel; its failures arrive as
 * {@link io.strata.api.error.StrataException}s carrying the coordinator's own code. Thread-safe.
 */
final class CoordinatorGroups implements GroupBackend {

    private final Channel coordinator;
    private final Duration timeout;

    CoordinatorGroups(Channel coordinator, Duration timeout) {
        this.coordinator = coordinator;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
        return call(stub -> stub.heartbeat(request));
    }

    @Override
    public CompletionStage<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
        return call(stub -> stub.commitOffsets(request));
    }

    @Override
    public CompletionStage<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
        return call(stub -> stub.fetchOffsets(request));
    }

    @Override
    public CompletionStage<ListGroupsResponse> listGroups(ListGroupsRequest request) {
        return call(stub -> stub.listGroups(request));
    }

    @Override
    public CompletionStage<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
        return call(stub -> stub.describeGroups(request));
    }

    @Override
    public CompletionStage<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
        return call(stub -> stub.deleteGroup(request));
    }

    @Override
    public CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
        return call(stub -> stub.deleteOffsets(request));
    }

    private <T> CompletionStage<T> call(
            Function<MutinyGroupCoordinatorServiceGrpc.MutinyGroupCoordinatorServiceStub, Uni<T>> rpc) {
        MutinyGroupCoordinatorServiceGrpc.MutinyGroupCoordinatorServiceStub stub =
                MutinyGroupCoordinatorServiceGrpc.newMutinyStub(coordinator)
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return rpc.apply(stub).onFailure().transform(GrpcErrors::asStrataException).subscribeAsCompletionStage();
    }
}
