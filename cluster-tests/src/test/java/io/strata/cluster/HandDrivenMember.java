package io.strata.cluster;

import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A group member (of one topic) that speaks the heartbeat protocol by hand, one call when the test
 * says, so that a test can choose the epoch each commit carries (a stale one, one of a member that
 * left) and see the coordinator's answer. It owns at once whatever it is assigned and gives up at
 * once whatever it is not, and says so in its next heartbeat.
 */
final class HandDrivenMember {

    private static final long DEADLINE_SECONDS = 30;

    private final GroupCoordinatorServiceBlockingStub coordinator;
    private final String group;
    private final String topic;
    private String memberId = "";
    private int epoch;
    private Set<Integer> assignment = Set.of();

    HandDrivenMember(GroupCoordinatorServiceBlockingStub coordinator, String group, String topic) {
        this.coordinator = coordinator;
        this.group = group;
        this.topic = topic;
    }

    String memberId() {
        return memberId;
    }

    int epoch() {
        return epoch;
    }

    Set<Integer> assignment() {
        return assignment;
    }

    /** Joins (the first time) or heartbeats at its current epoch, owning its last assignment; returns the new assignment. */
    Set<Integer> heartbeat() {
        GroupHeartbeatRequest.Builder request = GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(memberId)
                .setMemberEpoch(epoch);
        if (!assignment.isEmpty()) {
            request.addOwnedPartitions(partitions(assignment));
        }
        if (epoch == 0) {
            request.setSubscription(GroupSubscription.newBuilder().addTopicNames(topic));
        }
        GroupHeartbeatResponse response = stub().heartbeat(request.build());
        memberId = response.getMemberId();
        epoch = response.getMemberEpoch();
        Set<Integer> assigned = new TreeSet<>();
        response.getAssignmentList().forEach(tps -> assigned.addAll(tps.getPartitionsList()));
        assignment = Set.copyOf(assigned);
        return assignment;
    }

    /** Leaves the group (epoch −1). */
    void leave() {
        stub().heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(group).setMemberId(memberId).setMemberEpoch(-1).build());
    }

    /** Commits {@code offsets} (partition → next offset to read) as this member, carrying {@code memberEpoch}. */
    void commit(int memberEpoch, Map<Integer, Long> offsets) {
        CommitOffsetsRequest.Builder request = CommitOffsetsRequest.newBuilder().setGroupId(group).setMemberId(memberId)
                .setMemberEpoch(memberEpoch);
        offsets.forEach((partition, offset) -> request.addOffsets(CommittedOffset.newBuilder().setTopic(topic)
                .setPartition(partition).setOffset(offset)));
        stub().commitOffsets(request.build());
    }

    private GroupTopicPartitions partitions(Set<Integer> owned) {
        return GroupTopicPartitions.newBuilder().setTopic(topic).addAllPartitions(new TreeSet<>(owned)).build();
    }

    private GroupCoordinatorServiceBlockingStub stub() {
        return coordinator.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
}
