package io.strata.coordinator.rpc;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.coordinator.CoordinatorTestBase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/** CommitOffsets and FetchOffsets over gRPC, stored in the real (embedded) PostgreSQL. */
@QuarkusTest
class OffsetsRpcTest extends CoordinatorTestBase {

    private static CommittedOffset offset(String topic, int partition, long offset) {
        return CommittedOffset.newBuilder().setTopic(topic).setPartition(partition).setOffset(offset).build();
    }

    private CommitOffsetsResponse commit(String group, String memberId, int epoch, CommittedOffset... offsets) {
        return coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberId(memberId)
                .setMemberEpoch(epoch).addAllOffsets(List.of(offsets)).build());
    }

    @Test
    void anAdminCommitIsStoredAndFetchedWithItsMetadata() {
        String group = uniqueGroup("commit");
        CommitOffsetsResponse stored = commit(group, "", -1,
                offset("orders", 0, 42).toBuilder().setMetadata("checkpoint-7").build(), offset("orders", 1, 0));
        assertThat(stored.getOffsetsList()).allSatisfy(o -> assertThat(o.getCommitTimestampMs()).isPositive());

        List<CommittedOffset> all = coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build())
                .getOffsetsList();
        assertThat(all).extracting(CommittedOffset::getPartition, CommittedOffset::getOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 42L), org.assertj.core.groups.Tuple.tuple(1, 0L));
        assertThat(all.get(0).getMetadata()).isEqualTo("checkpoint-7");
        assertThat(all.get(1).hasMetadata()).isFalse();

        commit(group, "", -1, offset("orders", 0, 50));
        List<CommittedOffset> asked = coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group)
                .addPartitions(GroupTopicPartitions.newBuilder().setTopic("orders").addPartitions(0).addPartitions(5))
                .build()).getOffsetsList();
        assertThat(asked).extracting(CommittedOffset::getPartition, CommittedOffset::getOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 50L), org.assertj.core.groups.Tuple.tuple(5, -1L));
    }

    /**
     * A commit of more partitions than one statement carries is stored whole, and a fetch of some
     * partitions of two topics answers exactly those (the ones never committed as -1).
     */
    @Test
    void aCommitOfThousandsOfPartitionsIsStoredWholeAndAFetchAnswersOnlyWhatWasAsked() {
        String group = uniqueGroup("many");
        int count = 2 * io.strata.coordinator.offsets.OffsetStore.ROWS_PER_STATEMENT + 1;
        List<CommittedOffset> offsets = new java.util.ArrayList<>();
        for (int p = count - 1; p >= 0; p--) { // out of order on purpose: stored in partition order
            offsets.add(offset(p % 2 == 0 ? "even" : "odd", p, 1_000L + p));
        }
        CommitOffsetsResponse stored = coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(group)
                .setMemberId("").setMemberEpoch(-1).addAllOffsets(offsets).build());
        assertThat(stored.getOffsetsCount()).isEqualTo(count);

        List<CommittedOffset> all = coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build())
                .getOffsetsList();
        assertThat(all).hasSize(count).allSatisfy(o -> assertThat(o.getOffset()).isEqualTo(1_000L + o.getPartition()));

        List<CommittedOffset> asked = coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group)
                .addPartitions(GroupTopicPartitions.newBuilder().setTopic("even").addPartitions(0).addPartitions(4000)
                        .addPartitions(3)) // 3 is odd: never committed under "even"
                .addPartitions(GroupTopicPartitions.newBuilder().setTopic("odd").addPartitions(3999))
                .build()).getOffsetsList();
        assertThat(asked).extracting(CommittedOffset::getTopic, CommittedOffset::getPartition, CommittedOffset::getOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("even", 0, 1_000L),
                        org.assertj.core.groups.Tuple.tuple("even", 3, -1L),
                        org.assertj.core.groups.Tuple.tuple("even", 4000, 5_000L),
                        org.assertj.core.groups.Tuple.tuple("odd", 3999, 4_999L));
    }

    @Test
    void aMemberCommitsAtItsEpochAndAZombieOrStaleEpochIsRefused() {
        String group = uniqueGroup("fenced");
        GroupHeartbeatResponse member = join(group, "orders");
        commit(group, member.getMemberId(), member.getMemberEpoch(), offset("orders", 0, 10));

        GroupHeartbeatResponse other = join(group, "orders");
        GroupHeartbeatResponse bumped = beat(group, member);
        assertThat(bumped.getMemberEpoch()).isGreaterThan(member.getMemberEpoch());
        assertRefused(() -> commit(group, member.getMemberId(), member.getMemberEpoch(), offset("orders", 0, 99)),
                ErrorCode.FENCED_MEMBER_EPOCH, "member_epoch: " + member.getMemberEpoch());
        commit(group, member.getMemberId(), bumped.getMemberEpoch(), offset("orders", 0, 11));

        leave(group, other.getMemberId());
        assertRefused(() -> commit(group, other.getMemberId(), other.getMemberEpoch(), offset("orders", 0, 99)),
                ErrorCode.UNKNOWN_MEMBER_ID, other.getMemberId());
        assertRefused(() -> commit(group, "", -1, offset("orders", 0, 99)), ErrorCode.GROUP_NOT_EMPTY, "member_id");

        assertThat(coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsets(0)
                .getOffset()).as("no refused commit was stored").isEqualTo(11);
    }

    @Test
    void malformedCommitsAreRefusedAndStoreNothing() {
        String group = uniqueGroup("malformed");
        assertRefused(() -> commit(group, "", -1), ErrorCode.INVALID_REQUEST, "at least one");
        assertRefused(() -> commit(group, "", -1, offset("orders", 0, -5)), ErrorCode.INVALID_REQUEST, "-5");
        assertRefused(() -> commit(group, "", -1, offset("orders", -1, 5)), ErrorCode.INVALID_REQUEST, "-1");
        assertRefused(() -> commit(group, "", -1, offset("", 0, 5)), ErrorCode.INVALID_REQUEST, "topic");
        assertRefused(() -> commit(group, "", -1, offset("orders", 0, 5), offset("orders", 0, 6)),
                ErrorCode.INVALID_REQUEST, "orders-0 appears twice");
        assertRefused(() -> commit(group, "", -1, offset("orders", 0, 5).toBuilder().setMetadata("x".repeat(4097)).build()),
                ErrorCode.INVALID_REQUEST, "4097 bytes");
        assertRefused(() -> commit("", "", -1, offset("orders", 0, 5)), ErrorCode.INVALID_GROUP_ID, "group_id");
        assertThat(coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group).build()).getOffsetsList()).isEmpty();
    }
}
