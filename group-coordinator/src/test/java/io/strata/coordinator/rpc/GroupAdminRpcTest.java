package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.PartitionLag;
import io.strata.api.v1.ResetOffsetsRequest;
import io.strata.api.v1.ResetOffsetsResponse;
import io.strata.api.v1.ResetSpec;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.Test;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Group administration over gRPC. Log end offsets, lag and resets by position need a metadata
 * service and partition leaders: those are covered by the cluster tests; here only what the
 * coordinator decides alone (and the honest refusal without metadata).
 */
@QuarkusTest
class GroupAdminRpcTest extends CoordinatorTestBase {

    private void adminCommit(String group, String topic, int partition, long offset) {
        coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberEpoch(-1)
                .addOffsets(CommittedOffset.newBuilder().setTopic(topic).setPartition(partition).setOffset(offset)).build());
    }

    private ResetOffsetsRequest.Builder resetTo(String group, long offset) {
        return ResetOffsetsRequest.newBuilder().setGroupId(group).setSpec(ResetSpec.RESET_SPEC_OFFSET).setOffset(offset)
                .addPartitions(GroupTopicPartitions.newBuilder().setTopic("orders").addPartitions(0).addPartitions(1));
    }

    private long fetched(String group, int partition) {
        return coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group)
                .addPartitions(GroupTopicPartitions.newBuilder().setTopic("orders").addPartitions(partition)).build())
                .getOffsets(0).getOffset();
    }

    @Test
    void aGroupWithMembersCannotBeDeletedAnEmptyOneCan() {
        String group = uniqueGroup("delete");
        adminCommit(group, "orders", 0, 7);
        GroupHeartbeatResponse member = join(group, "orders");
        assertRefused(() -> coordinator.deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(group).build()),
                ErrorCode.GROUP_NOT_EMPTY, group);
        assertThat(fetched(group, 0)).isEqualTo(7);

        leave(group, member.getMemberId());
        DeleteGroupResponse deleted = coordinator.deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(group).build());
        assertThat(deleted.getDeletedOffsets()).isEqualTo(1);
        assertThat(fetched(group, 0)).isEqualTo(-1);
        assertThat(coordinator.listGroups(ListGroupsRequest.getDefaultInstance()).getGroupsList())
                .noneMatch(listed -> listed.getGroupId().equals(group));
        assertRefused(() -> coordinator.deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(group).build()),
                ErrorCode.GROUP_ID_NOT_FOUND, group);
    }

    @Test
    void offsetsAreResetOnlyWhileTheGroupIsEmpty() {
        String group = uniqueGroup("reset");
        adminCommit(group, "orders", 0, 100);
        GroupHeartbeatResponse member = join(group, "orders");
        assertRefused(() -> coordinator.resetOffsets(resetTo(group, 5).build()), ErrorCode.GROUP_NOT_EMPTY, group);
        assertThat(fetched(group, 0)).isEqualTo(100);

        leave(group, member.getMemberId());
        ResetOffsetsResponse dryRun = coordinator.resetOffsets(resetTo(group, 5).setDryRun(true).build());
        assertThat(dryRun.getOffsetsList()).extracting(CommittedOffset::getOffset).containsExactly(5L, 5L);
        assertThat(fetched(group, 0)).as("a dry run stores nothing").isEqualTo(100);

        ResetOffsetsResponse reset = coordinator.resetOffsets(resetTo(group, 5).build());
        assertThat(reset.getOffsetsList()).extracting(CommittedOffset::getPartition).containsExactly(0, 1);
        assertThat(fetched(group, 0)).isEqualTo(5);
        assertThat(fetched(group, 1)).isEqualTo(5);
    }

    @Test
    void resetsAreCheckedAndThoseNeedingLeadersAreRefusedWithoutMetadata() {
        String group = uniqueGroup("reset-bad");
        assertRefused(() -> coordinator.resetOffsets(resetTo(group, -1).build()), ErrorCode.INVALID_REQUEST, "-1");
        assertRefused(() -> coordinator.resetOffsets(resetTo(group, 0).setSpec(ResetSpec.RESET_SPEC_TIMESTAMP)
                .setTimestampMs(-3).build()), ErrorCode.INVALID_TIMESTAMP, "-3");
        assertRefused(() -> coordinator.resetOffsets(resetTo(group, 0).setSpec(ResetSpec.RESET_SPEC_UNSPECIFIED).build()),
                ErrorCode.INVALID_REQUEST, "spec");
        assertRefused(() -> coordinator.resetOffsets(ResetOffsetsRequest.newBuilder().setGroupId(group)
                .setSpec(ResetSpec.RESET_SPEC_OFFSET).build()), ErrorCode.INVALID_REQUEST, "partitions");
        assertRefused(() -> coordinator.resetOffsets(resetTo(group, 0).setSpec(ResetSpec.RESET_SPEC_EARLIEST).build()),
                ErrorCode.LEADER_NOT_AVAILABLE, "metadata");
    }

    @Test
    void describeShowsCommittedOffsetsAndSaysWhyLagIsUnknownWithoutMetadata() {
        String group = uniqueGroup("describe");
        adminCommit(group, "orders", 3, 12);
        GroupDescription plain = coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).build())
                .getGroups(0);
        assertThat(plain.getState()).isEqualTo(GroupState.GROUP_STATE_EMPTY);
        assertThat(plain.getOffsetsList()).singleElement().satisfies(lag -> {
            assertThat(lag.getPartition()).isEqualTo(3);
            assertThat(lag.getCommittedOffset()).isEqualTo(12);
            assertThat(lag.getLogEndOffset()).isEqualTo(-1);
            assertThat(lag.getLag()).isEqualTo(-1);
        });

        PartitionLag withLag = coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group)
                .setIncludeLag(true).build()).getGroups(0).getOffsets(0);
        assertThat(withLag.getLogEndOffsetError()).isEqualTo(ErrorCode.LEADER_NOT_AVAILABLE);
        assertThat(withLag.getLag()).isEqualTo(-1);

        String unknown = uniqueGroup("unknown");
        GroupDescription missing = coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(unknown)
                .addGroupIds(group).build()).getGroups(0);
        assertThat(missing.getGroupId()).isEqualTo(unknown);
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
    }

    /** Many groups in one call: their offsets come from one query and must not be mixed up. */
    @Test
    void describingManyGroupsAnswersEachWithItsOwnOffsetsInTheOrderNamed() {
        String first = uniqueGroup("many-a");
        String second = uniqueGroup("many-b");
        String withMember = uniqueGroup("many-c");
        String unknown = uniqueGroup("many-unknown");
        adminCommit(first, "orders", 0, 10);
        adminCommit(first, "orders", 1, 11);
        adminCommit(second, "orders", 0, 20);
        GroupHeartbeatResponse member = join(withMember, "orders");

        var described = coordinator.describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(second)
                .addGroupIds(unknown).addGroupIds(first).addGroupIds(withMember).addGroupIds(second).build()).getGroupsList();

        assertThat(described).extracting(GroupDescription::getGroupId).containsExactly(second, unknown, first, withMember, second);
        assertThat(described.get(0).getOffsetsList()).extracting(PartitionLag::getPartition, PartitionLag::getCommittedOffset)
                .containsExactly(tuple(0, 20L));
        assertThat(described.get(1).getErrorCode()).isEqualTo(ErrorCode.GROUP_ID_NOT_FOUND);
        assertThat(described.get(2).getOffsetsList()).extracting(PartitionLag::getPartition, PartitionLag::getCommittedOffset)
                .containsExactly(tuple(0, 10L), tuple(1, 11L));
        assertThat(described.get(3).getErrorCode()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
        assertThat(described.get(3).getMembersList()).extracting(m -> m.getMemberId()).containsExactly(member.getMemberId());
        assertThat(described.get(4)).isEqualTo(described.get(0));
        leave(withMember, member.getMemberId());
    }
}
