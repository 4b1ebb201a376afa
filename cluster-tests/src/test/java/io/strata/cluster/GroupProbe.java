package io.strata.cluster;

import io.grpc.Channel;
import io.strata.api.v1.AssignmentHistoryRequest;
import io.strata.api.v1.AssignmentHistoryResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupTopicPartitions;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What the group coordinator says about a group (of one topic), read over gRPC: which member owns
 * which partitions ({@code DescribeGroups}), whether the group is balanced, and its whole
 * {@code AssignmentHistory} as an {@link AssignmentReplay}. Tests read ownership here rather than
 * from the members, because the coordinator is what must never hand a partition to two members.
 */
final class GroupProbe {

    private static final long DEADLINE_SECONDS = 30;

    private final GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator;

    GroupProbe(Channel channel) {
        this.coordinator = GroupCoordinatorServiceGrpc.newBlockingStub(channel);
    }

    GroupDescription describe(String group) {
        return coordinator.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).build()).getGroups(0);
    }

    /** Member id → the partitions of its assignment (what it may own now). */
    Map<String, Set<Integer>> assignments(String group) {
        Map<String, Set<Integer>> assignments = new TreeMap<>();
        for (GroupMemberDescription member : describe(group).getMembersList()) {
            Set<Integer> partitions = new TreeSet<>();
            member.getAssignmentList().stream().map(GroupTopicPartitions::getPartitionsList).forEach(partitions::addAll);
            assignments.put(member.getMemberId(), partitions);
        }
        return assignments;
    }

    /** True when the group is STABLE with exactly {@code members} members owning {@code each} partitions apiece. */
    boolean isBalanced(String group, int members, int each) {
        GroupDescription description = describe(group);
        if (description.getState() != GroupState.GROUP_STATE_STABLE || description.getMembersCount() != members) {
            return false;
        }
        return assignments(group).values().stream().allMatch(partitions -> partitions.size() == each);
    }

    /** The id of the member whose assignment is exactly {@code partitions}; fails when there is not exactly one. */
    String memberOwning(String group, Set<Integer> partitions) {
        var owners = assignments(group).entrySet().stream().filter(e -> e.getValue().equals(partitions))
                .map(Map.Entry::getKey).toList();
        if (owners.size() != 1 || partitions.isEmpty()) {
            throw new AssertionError("no single member of " + group + " owns exactly " + partitions + ": " + assignments(group));
        }
        return owners.get(0);
    }

    /** The group's whole assignment history, replayed (the coordinator must still keep its first event). */
    AssignmentReplay history(String group) {
        AssignmentHistoryResponse response = coordinator.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .assignmentHistory(AssignmentHistoryRequest.newBuilder().setGroupId(group).build());
        if (response.getFirstKeptSequence() > 1) {
            throw new AssertionError("the coordinator dropped events of " + group + " before " + response.getFirstKeptSequence());
        }
        return AssignmentReplay.of(response.getEventsList());
    }
}
