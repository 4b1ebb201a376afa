package io.strata.kafka.group;

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
import io.strata.kafka.backend.GroupBackend;

import java.util.concurrent.CompletionStage;

/** Forwards every call; tests override one call to put something between a request and the coordinator. */
class DelegatingGroupBackend implements GroupBackend {

    private final GroupBackend delegate;

    DelegatingGroupBackend(GroupBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
        return delegate.heartbeat(request);
    }

    @Override
    public CompletionStage<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
        return delegate.commitOffsets(request);
    }

    @Override
    public CompletionStage<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
        return delegate.fetchOffsets(request);
    }

    @Override
    public CompletionStage<ListGroupsResponse> listGroups(ListGroupsRequest request) {
        return delegate.listGroups(request);
    }

    @Override
    public CompletionStage<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
        return delegate.describeGroups(request);
    }

    @Override
    public CompletionStage<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
        return delegate.deleteGroup(request);
    }

    @Override
    public CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
        return delegate.deleteOffsets(request);
    }
}
