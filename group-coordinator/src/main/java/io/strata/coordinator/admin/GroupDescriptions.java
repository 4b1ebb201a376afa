package io.strata.coordinator.admin;

import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.MemberState;
import io.strata.api.v1.PartitionLag;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.group.GroupSnapshot;
import io.strata.coordinator.group.Member;
import io.strata.coordinator.group.Subscription;
import io.strata.coordinator.offsets.CommittedOffset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns group snapshots and offsets into their wire form. Pure. */
public final class GroupDescriptions {

    private GroupDescriptions() {
    }

    public static GroupDescription describe(String groupId, Optional<GroupSnapshot> snapshot, List<PartitionLag> lags) {
        GroupDescription.Builder description = GroupDescription.newBuilder().setGroupId(groupId)
                .setErrorCode(ErrorCode.ERROR_CODE_UNSPECIFIED)
                .setState(state(snapshot.map(GroupSnapshot::state).orElse(GroupSnapshot.State.EMPTY)))
                .addAllOffsets(lags);
        snapshot.ifPresent(group -> {
            description.setGroupEpoch(group.groupEpoch()).setAssignmentEpoch(group.assignmentEpoch());
            for (Member member : group.members()) {
                description.addMembers(member(member, group.target().getOrDefault(member.memberId(), new TreeSet<>())));
            }
        });
        return description.build();
    }

    static GroupMemberDescription member(Member member, SortedSet<TopicPartition> target) {
        return GroupMemberDescription.newBuilder()
                .setMemberId(member.memberId())
                .setGroupInstanceId(member.instanceId().orElse(""))
                .setMemberEpoch(member.memberEpoch())
                .setState(memberState(member))
                .setSubscription(subscription(member.subscription()))
                .addAllAssignment(byTopic(member.assigned()))
                .addAllPendingRevocation(byTopic(member.pendingRevocation()))
                .addAllTargetAssignment(byTopic(target))
                .setLastHeartbeatMs(member.lastHeartbeatMs())
                .setRebalanceTimeoutMs(member.rebalanceTimeoutMs())
                .build();
    }

    /** A partition's lag entry without the log end offset (−1, lag −1). */
    static PartitionLag.Builder lagWithoutEnd(TopicPartition partition, CommittedOffset committed, String memberId) {
        PartitionLag.Builder lag = PartitionLag.newBuilder().setTopic(partition.topic()).setPartition(partition.partition())
                .setCommittedOffset(committed == null ? -1 : committed.offset())
                .setLogEndOffset(-1).setLag(-1)
                .setMemberId(memberId == null ? "" : memberId);
        if (committed != null && !committed.metadata().isEmpty()) {
            lag.setMetadata(committed.metadata());
        }
        return lag;
    }

    /** Lag = log end offset − committed offset, when both are known (never below 0). */
    static PartitionLag.Builder withLogEnd(PartitionLag.Builder lag, long logEndOffset) {
        lag.setLogEndOffset(logEndOffset);
        if (lag.getCommittedOffset() >= 0 && logEndOffset >= 0) {
            lag.setLag(Math.max(0, logEndOffset - lag.getCommittedOffset()));
        }
        return lag;
    }

    public static GroupSubscription subscription(Subscription subscription) {
        GroupSubscription.Builder wire = GroupSubscription.newBuilder().addAllTopicNames(subscription.topicNames());
        subscription.topicRegex().ifPresent(wire::setTopicRegex);
        return wire.build();
    }

    /** Partitions grouped by topic, topics and partitions ascending. */
    public static List<GroupTopicPartitions> byTopic(Collection<TopicPartition> partitions) {
        SortedMap<String, SortedSet<Integer>> grouped = new TreeMap<>();
        partitions.forEach(p -> grouped.computeIfAbsent(p.topic(), topic -> new TreeSet<>()).add(p.partition()));
        List<GroupTopicPartitions> wire = new ArrayList<>();
        grouped.forEach((topic, indexes) -> wire.add(GroupTopicPartitions.newBuilder().setTopic(topic)
                .addAllPartitions(indexes).build()));
        return wire;
    }

    public static GroupState state(GroupSnapshot.State state) {
        return switch (state) {
            case EMPTY -> GroupState.GROUP_STATE_EMPTY;
            case RECONCILING -> GroupState.GROUP_STATE_RECONCILING;
            case STABLE -> GroupState.GROUP_STATE_STABLE;
        };
    }

    private static MemberState memberState(Member member) {
        return switch (member.state()) {
            case STABLE -> MemberState.MEMBER_STATE_STABLE;
            case UNREVOKED_PARTITIONS -> MemberState.MEMBER_STATE_UNREVOKED_PARTITIONS;
            case UNRELEASED_PARTITIONS -> MemberState.MEMBER_STATE_UNRELEASED_PARTITIONS;
            case DEPARTED -> MemberState.MEMBER_STATE_DEPARTED;
        };
    }
}
