package io.strata.kafka.backend;

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

import java.util.concurrent.CompletionStage;

/**
 * The group coordinator service (KIP-848 membership, server-side assignment, committed offsets),
 * forwarded unchanged: every Kafka group API is answered through these calls, so classic members,
 * KIP-848 members and Strata's own clients share one group and one set of offsets. Stages fail with
 * {@link io.strata.api.error.StrataException}; none blocks its caller.
 */
public interface GroupBackend {

    CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request);

    CompletionStage<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request);

    CompletionStage<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request);

    CompletionStage<ListGroupsResponse> listGroups(ListGroupsRequest request);

    CompletionStage<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request);

    CompletionStage<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request);

    CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request);
}
