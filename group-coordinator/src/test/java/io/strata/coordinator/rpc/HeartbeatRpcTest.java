package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AssignmentHistoryRequest;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Membership over gRPC: join, stay, leave, session timeout, and the refusals. */
@QuarkusTest
class HeartbeatRpcTest extends CoordinatorTestBase {

    private GroupDescription describe(String groupId) {
        return coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(groupId).build()).getGroups(0);
    }

    @Test
    void aMemberJoinsHeartbeatsAndLeaves() {
        String group = uniqueGroup("flow");
        GroupHeartbeatResponse joined = join(group, "orders");
        assertThat(joined.getMemberId()).isNotEmpty();
        assertThat(joined.getMemberEpoch()).isPositive();
        assertThat(joined.getHeartbeatIntervalMs()).isEqualTo(500);
        assertThat(joined.getSessionTimeoutMs()).isEqualTo(3000);
        assertThat(joined.getAssignmentList()).as("no metadata service: no topics known").isEmpty();

        GroupHeartbeatResponse stayed = beat(group, joined);
        assertThat(stayed.getMemberId()).isEqualTo(joined.getMemberId());
        assertThat(stayed.getMemberEpoch()).isEqualTo(joined.getMemberEpoch());

        GroupDescription described = describe(group);
        assertThat(described.getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
        assertThat(described.getState()).isEqualTo(GroupState.GROUP_STATE_STABLE);
        assertThat(described.getMembersList()).singleElement().satisfies(member -> {
            assertThat(member.getMemberId()).isEqualTo(joined.getMemberId());
            assertThat(member.getMemberEpoch()).isEqualTo(joined.getMemberEpoch());
            assertThat(member.getSubscription().getTopicNamesList()).containsExactly("orders");
        });
        assertThat(coordinator.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList())
                .anySatisfy(listed -> {
                    assertThat(listed.getGroupId()).isEqualTo(group);
                    assertThat(listed.getMemberCount()).isEqualTo(1);
                });

        GroupHeartbeatResponse left = leave(group, joined.getMemberId());
        assertThat(left.getMemberEpoch()).isEqualTo(-1);
        assertThat(describe(group).getState()).isEqualTo(GroupState.GROUP_STATE_EMPTY);
        assertRefused(() -> beat(group, joined), ErrorCode.UNKNOWN_MEMBER_ID, joined.getMemberId());
    }

    /**
     * A leave is not refused for the subscription it carries: Kafka's KIP-848 consumer leaves with
     * an empty topic list, and refusing it (INVALID_REQUEST "subscription") kept the member, and
     * the partitions it had just given up, in the group until its session timed out.
     */
    @Test
    void aLeaveWithAnEmptySubscriptionLeaves() {
        String group = uniqueGroup("empty-leave");
        GroupHeartbeatResponse joined = join(group, "orders");
        GroupHeartbeatResponse left = coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group)
                .setMemberId(joined.getMemberId()).setMemberEpoch(-1)
                .setSubscription(GroupSubscription.getDefaultInstance()).build());
        assertThat(left.getMemberEpoch()).isEqualTo(-1);
        assertThat(describe(group).getMembersCount()).isZero();
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(0)
                .setSubscription(GroupSubscription.getDefaultInstance()).build()), ErrorCode.INVALID_REQUEST, "subscription");
    }

    @Test
    void aSecondMemberBumpsTheEpochAndAStaleOneIsFenced() {
        String group = uniqueGroup("epochs");
        GroupHeartbeatResponse first = join(group, "orders");
        GroupHeartbeatResponse second = join(group, "orders");
        GroupHeartbeatResponse firstAgain = beat(group, first);
        assertThat(firstAgain.getMemberEpoch()).isGreaterThan(first.getMemberEpoch());
        assertThat(second.getMemberEpoch()).isEqualTo(firstAgain.getMemberEpoch());
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group)
                .setMemberId(first.getMemberId()).setMemberEpoch(firstAgain.getMemberEpoch() + 5).build()),
                ErrorCode.FENCED_MEMBER_EPOCH, "member_epoch");
    }

    @Test
    void aSilentMemberIsRemovedAfterTheSessionTimeout() {
        String group = uniqueGroup("session");
        GroupHeartbeatResponse joined = join(group, "orders");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> describe(group).getMembersCount() == 0);
        assertRefused(() -> beat(group, joined), ErrorCode.UNKNOWN_MEMBER_ID, "join again");
        assertThat(coordinator.assignmentHistory(AssignmentHistoryRequest.newBuilder().setGroupId(group).build())
                .getEventsList()).isEmpty();
    }

    @Test
    void malformedHeartbeatsAreRefusedNamingTheField() {
        assertRefused(() -> join(""), ErrorCode.INVALID_GROUP_ID, "group_id");
        assertRefused(() -> join("g".repeat(256), "t"), ErrorCode.INVALID_GROUP_ID, "255");
        String group = uniqueGroup("bad");
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(0).build()),
                ErrorCode.INVALID_REQUEST, "subscription");
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(0)
                .setSubscription(GroupSubscription.newBuilder().setTopicRegex("orders[")).build()),
                ErrorCode.INVALID_REQUEST, "orders[");
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(-7)
                .setMemberId("x").build()), ErrorCode.INVALID_REQUEST, "-7");
        assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberEpoch(3)
                .setMemberId("nobody").build()), ErrorCode.UNKNOWN_MEMBER_ID, "nobody");
        assertRefused(() -> coordinator.assignmentHistory(AssignmentHistoryRequest.newBuilder().setGroupId(uniqueGroup("none"))
                .build()), ErrorCode.GROUP_ID_NOT_FOUND, "none");
    }
}
