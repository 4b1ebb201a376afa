package io.strata.coordinator.rpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
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
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GetConsumerInstanceResponse;
import io.strata.api.v1.GroupCoordinatorService;
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
import io.strata.coordinator.admin.GroupAdmin;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupId;
import io.strata.coordinator.group.MemberHeartbeat;
import io.strata.coordinator.instance.ConsumerInstanceService;
import io.strata.coordinator.offsets.OffsetService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The strata.v1.GroupCoordinatorService endpoint: a thin shell that decodes, calls the service of
 * each concept and encodes. Every method is non-blocking: membership is in-memory work under a
 * group's short lock, storage goes through Hibernate Reactive on the event loop. Failures leave
 * through {@link io.strata.api.error.GrpcErrorMapper}.
 */
@GrpcService
@NonBlocking
public class GroupCoordinatorGrpcService implements GroupCoordinatorService {

    private final GroupCoordinator groups;
    private final OffsetService offsets;
    private final GroupAdmin admin;
    private final ConsumerInstanceService instances;

    public GroupCoordinatorGrpcService(GroupCoordinator groups, OffsetService offsets, GroupAdmin admin,
                                       ConsumerInstanceService instances) {
        this.groups = groups;
        this.offsets = offsets;
        this.admin = admin;
        this.instances = instances;
    }

    @Override
    public Uni<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
        if (request.getMaxWaitMs() < 0) {
            return Uni.createFrom().failure(new StrataException(ErrorCode.INVALID_REQUEST,
                    "max_wait_ms: " + request.getMaxWaitMs() + " is negative"));
        }
        if (request.getMaxWaitMs() > 0) {
            return Uni.createFrom().deferred(() -> longPoll(request));
        }
        return Uni.createFrom().item(() -> GroupMessages.heartbeat(
                groups.heartbeat(GroupId.check(request.getGroupId()), GroupMessages.heartbeat(request))));
    }

    /**
     * A heartbeat held while its member has nothing to do, up to {@code max_wait_ms} (at most the
     * heartbeat interval, far inside the session timeout the heartbeat just renewed). When the
     * coordinator lets it go (the member may have news), the same heartbeat is run again here, on
     * the call's own event loop, and its answer is the call's: the member learns what changed in
     * this round trip instead of the next one. Sending a let-go member its old answer cost every
     * rebalance step a second trip through gateway and coordinator, 50–120 ms a step on a busy
     * machine, and a joining member waiting for partitions pays it at every release. Running it
     * again is what the member would have sent: it had nothing to do, so what it reports has not
     * changed; and an answer the member never reads is a lost answer, which the coordinator already
     * accepts at the member's previous epoch. If the run again still leaves it nothing to do (news
     * for others), it is held again, until the first wait's end; at that end it is answered with
     * interval 0, so the member sends its next long poll at once. Cancelled or answered, the hold
     * is forgotten.
     */
    private Uni<GroupHeartbeatResponse> longPoll(GroupHeartbeatRequest request) {
        String groupId = GroupId.check(request.getGroupId());
        long waitMs = Math.min(request.getMaxWaitMs(), groups.settings().heartbeatIntervalMs());
        Context context = Vertx.currentContext();
        Executor onCallContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return holdUntil(groupId, GroupMessages.heartbeat(request), System.nanoTime() + waitMs * 1_000_000L, onCallContext);
    }

    private Uni<GroupHeartbeatResponse> holdUntil(String groupId, MemberHeartbeat heartbeat, long deadlineNanos,
                                                  Executor onCallContext) {
        CompletableFuture<Boolean> news = new CompletableFuture<>();
        Runnable onNews = () -> news.complete(true);
        GroupCoordinator.HeldAnswer answer = groups.heartbeat(groupId, heartbeat, onNews);
        GroupHeartbeatResponse response = GroupMessages.heartbeat(answer.result());
        if (!answer.held()) {
            return Uni.createFrom().item(response);
        }
        GroupHeartbeatResponse again = response.toBuilder().setHeartbeatIntervalMs(0).build();
        long leftNanos = deadlineNanos - System.nanoTime();
        // Held again right at the wait's end: no wait at all (Mutiny's timeouts must be positive).
        Uni<Boolean> letGoOrTimedOut = leftNanos <= 0 ? Uni.createFrom().item(false)
                : Uni.createFrom().completionStage(news).ifNoItem().after(Duration.ofNanos(leftNanos)).recoverWithItem(false);
        return letGoOrTimedOut
                .onTermination().invoke(() -> groups.forgetHeld(groupId, answer.result().memberId(), onNews))
                .emitOn(onCallContext)
                .chain(letGo -> letGo ? holdUntil(groupId, heartbeat, deadlineNanos, onCallContext)
                        : Uni.createFrom().item(again));
    }

    @Override
    public Uni<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
        return Uni.createFrom().deferred(() -> offsets.commit(request.getGroupId(), request.getMemberId(),
                        request.getMemberEpoch(), request.getOffsetsList().stream().map(GroupMessages::committed).toList()))
                .map(stored -> CommitOffsetsResponse.newBuilder()
                        .addAllOffsets(stored.stream().map(GroupMessages::committed).toList()).build());
    }

    @Override
    public Uni<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
        return Uni.createFrom().deferred(() -> offsets.fetch(request.getGroupId(),
                        List.copyOf(GroupMessages.partitions("partitions", request.getPartitionsList()))))
                .map(found -> FetchOffsetsResponse.newBuilder()
                        .addAllOffsets(found.stream().map(GroupMessages::committed).toList()).build());
    }

    @Override
    public Uni<ListGroupsResponse> listGroups(ListGroupsRequest request) {
        return Uni.createFrom().deferred(admin::list).map(listed -> ListGroupsResponse.newBuilder()
                .addAllGroups(listed.stream().filter(group -> request.getStatesList().isEmpty()
                        || request.getStatesList().contains(group.getState())).toList())
                .build());
    }

    @Override
    public Uni<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
        if (request.getGroupIdsList().isEmpty()) {
            return Uni.createFrom().failure(new StrataException(ErrorCode.INVALID_REQUEST, "group_ids: name at least one group"));
        }
        return Uni.createFrom().deferred(() -> admin.describe(request.getGroupIdsList(), request.getIncludeLag()))
                .map(all -> DescribeGroupsResponse.newBuilder().addAllGroups(all).build());
    }

    @Override
    public Uni<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
        return Uni.createFrom().deferred(() -> admin.delete(request.getGroupId()));
    }

    @Override
    public Uni<ResetOffsetsResponse> resetOffsets(ResetOffsetsRequest request) {
        return Uni.createFrom().deferred(() -> admin.reset(request.getGroupId(),
                        GroupMessages.partitionsByTopic("partitions", request.getPartitionsList()), request.getSpec(),
                        request.getTimestampMs(), request.getOffset(), request.getDryRun()))
                .map(reset -> ResetOffsetsResponse.newBuilder()
                        .addAllOffsets(reset.stream().map(GroupMessages::committed).toList()).build());
    }

    @Override
    public Uni<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
        return Uni.createFrom().deferred(() -> admin.deleteOffsets(request.getGroupId(),
                GroupMessages.partitions("partitions", request.getPartitionsList())));
    }

    @Override
    public Uni<AssignmentHistoryResponse> assignmentHistory(AssignmentHistoryRequest request) {
        return Uni.createFrom().item(() -> {
            GroupCoordinator.HistoryPage page = groups.history(GroupId.check(request.getGroupId()), request.getAfterSequence())
                    .orElseThrow(() -> new StrataException(ErrorCode.GROUP_ID_NOT_FOUND, "group '" + request.getGroupId()
                            + "' has no membership state in this coordinator (no member joined since it started)"));
            return AssignmentHistoryResponse.newBuilder()
                    .addAllEvents(page.events().stream().map(GroupMessages::event).toList())
                    .setFirstKeptSequence(page.firstKeptSequence())
                    .build();
        });
    }

    @Override
    public Uni<CreateConsumerInstanceResponse> createConsumerInstance(CreateConsumerInstanceRequest request) {
        return Uni.createFrom().deferred(() -> instances.create(request));
    }

    @Override
    public Uni<GetConsumerInstanceResponse> getConsumerInstance(GetConsumerInstanceRequest request) {
        return Uni.createFrom().deferred(() -> instances.get(request.getGroupId(), request.getName(), request.getTouch()))
                .map(instance -> GetConsumerInstanceResponse.newBuilder().setInstance(instance).build());
    }

    @Override
    public Uni<UpdateConsumerInstanceResponse> updateConsumerInstance(UpdateConsumerInstanceRequest request) {
        return Uni.createFrom().deferred(() -> instances.update(request))
                .map(instance -> UpdateConsumerInstanceResponse.newBuilder().setInstance(instance).build());
    }

    @Override
    public Uni<DeleteConsumerInstanceResponse> deleteConsumerInstance(DeleteConsumerInstanceRequest request) {
        return Uni.createFrom().deferred(() -> instances.delete(request.getGroupId(), request.getName()))
                .replaceWith(DeleteConsumerInstanceResponse.getDefaultInstance());
    }

    @Override
    public Uni<ListConsumerInstancesResponse> listConsumerInstances(ListConsumerInstancesRequest request) {
        return Uni.createFrom().deferred(() -> instances.list(request.getGroupId()))
                .map(listed -> ListConsumerInstancesResponse.newBuilder().addAllInstances(listed).build());
    }
}
