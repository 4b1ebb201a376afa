package io.strata.gateway.grpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.AssignmentHistoryRequest;
import io.strata.api.v1.AssignmentHistoryResponse;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.CreateConsumerInstanceResponse;
import io.strata.api.v1.DeleteConsumerInstanceRequest;
import io.strata.api.v1.DeleteConsumerInstanceResponse;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.DescribeGroupsResponse;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GetConsumerInstanceResponse;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.ListConsumerInstancesRequest;
import io.strata.api.v1.ListConsumerInstancesResponse;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.ListGroupsResponse;
import io.strata.api.v1.ResetOffsetsRequest;
import io.strata.api.v1.ResetOffsetsResponse;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.api.v1.UpdateConsumerInstanceResponse;
import io.strata.api.v1.GroupCoordinatorService;
import io.strata.gateway.group.CoordinatorClient;
import jakarta.inject.Inject;

/**
 * {@code strata.v1.GroupCoordinatorService} on the gateway's port, passed through to the group
 * coordinator unchanged: clients reach consumer groups (membership, commits, admin) through the one
 * public entry point, and the coordinator's answers and error codes reach them as they are.
 */
@GrpcService
public class GroupCoordinatorProxy implements GroupCoordinatorService {

    @Inject
    CoordinatorClient coordinator;

    @Override
    public Uni<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
        return coordinator.stub().heartbeat(request);
    }

    @Override
    public Uni<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
        return coordinator.stub().commitOffsets(request);
    }

    @Override
    public Uni<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
        return coordinator.stub().fetchOffsets(request);
    }

    @Override
    public Uni<ListGroupsResponse> listGroups(ListGroupsRequest request) {
        return coordinator.stub().listGroups(request);
    }

    @Override
    public Uni<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
        return coordinator.stub().describeGroups(request);
    }

    @Override
    public Uni<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
        return coordinator.stub().deleteGroup(request);
    }

    @Override
    public Uni<ResetOffsetsResponse> resetOffsets(ResetOffsetsRequest request) {
        return coordinator.stub().resetOffsets(request);
    }

    @Override
    public Uni<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
        return coordinator.stub().deleteOffsets(request);
    }

    @Override
    public Uni<AssignmentHistoryResponse> assignmentHistory(AssignmentHistoryRequest request) {
        return coordinator.stub().assignmentHistory(request);
    }

    @Override
    public Uni<CreateConsumerInstanceResponse> createConsumerInstance(CreateConsumerInstanceRequest request) {
        return coordinator.stub().createConsumerInstance(request);
    }

    @Override
    public Uni<GetConsumerInstanceResponse> getConsumerInstance(GetConsumerInstanceRequest request) {
        return coordinator.stub().getConsumerInstance(request);
    }

    @Override
    public Uni<UpdateConsumerInstanceResponse> updateConsumerInstance(UpdateConsumerInstanceRequest request) {
        return coordinator.stub().updateConsumerInstance(request);
    }

    @Override
    public Uni<DeleteConsumerInstanceResponse> deleteConsumerInstance(DeleteConsumerInstanceRequest request) {
        return coordinator.stub().deleteConsumerInstance(request);
    }

    @Override
    public Uni<ListConsumerInstancesResponse> listConsumerInstances(ListConsumerInstancesRequest request) {
        return coordinator.stub().listConsumerInstances(request);
    }
}
