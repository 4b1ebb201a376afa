package io.strata.kafka.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.DescribeGroupsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.ListGroupsResponse;
import io.strata.api.v1.OffsetDeletion;
import io.strata.kafka.backend.GroupBackend;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A coordinator that keeps the contract of coordinator.proto in memory: members join with epoch 0,
 * stay with their epoch (or the previous one), leave with −1 / −2; a round-robin target assignment
 * is recomputed on every membership or subscription change; a member receives a partition of its
 * target only once no other member has it assigned or still reports it owned; its epoch moves to
 * the target epoch once it no longer reports partitions it was asked to revoke. Commits check
 * member and epoch; an offset deletion keeps the offsets of topics a member subscribes to.
 * Synchronous; every method is synchronized.
 *
 * <p>It also checks what it is told: a member reporting as owned a partition it was never
 * assigned (and does not still own) is a bridge bug, recorded in {@link #violations()}; after every
 * step it checks that no partition is assigned to or owned by two members.
 */
final class FakeGroupCoordinator implements GroupBackend {

    static final int HEARTBEAT_INTERVAL_MS = 3000;
    static final int SESSION_TIMEOUT_MS = 45000;

    static final class Member {
        final String id;
        String instanceId;
        int epoch;
        int previousEpoch = -1;
        List<String> topics = List.of();
        Set<TopicPartition> assignment = Set.of();
        Set<TopicPartition> owned = Set.of();
        boolean departed;
        int rebalanceTimeoutMs;

        Member(String id) {
            this.id = id;
        }
    }

    static final class Group {
        final Map<String, Member> members = new TreeMap<>();
        final Map<TopicPartition, CommittedOffset> offsets = new TreeMap<>(PartitionSets.ORDER);
        Map<String, Set<TopicPartition>> target = Map.of();
        int groupEpoch;
    }

    private final Map<String, Integer> partitionCounts;
    private final Map<String, Group> groups = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int nextMemberId = 1;
    private int heartbeats;
    private GroupHeartbeatRequest lastHeartbeat;

    FakeGroupCoordinator(Map<String, Integer> partitionCounts) {
        this.partitionCounts = new TreeMap<>(partitionCounts);
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The last heartbeat this coordinator was sent, as the bridge translated it. */
    synchronized GroupHeartbeatRequest lastHeartbeat() {
        return lastHeartbeat;
    }

    synchronized int heartbeats() {
        return heartbeats;
    }

    synchronized Group group(String groupId) {
        return groups.get(groupId);
    }

    /** The member's session ran out (its client crashed). */
    synchronized void expire(String groupId, String memberId) {
        Group group = groups.get(groupId);
        if (group != null && group.members.remove(memberId) != null) {
            bump(group);
        }
    }

    @Override
    public synchronized CompletionStage<GroupHeartbeatResponse> heartbeat(GroupHeartbeatRequest request) {
        heartbeats++;
        lastHeartbeat = request;
        try {
            return CompletableFuture.completedFuture(doHeartbeat(request));
        } catch (StrataException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private GroupHeartbeatResponse doHeartbeat(GroupHeartbeatRequest request) {
        if (request.getGroupId().isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_GROUP_ID, "group_id is empty");
        }
        Group group = groups.computeIfAbsent(request.getGroupId(), g -> new Group());
        int epoch = request.getMemberEpoch();
        if (epoch == 0) {
            return answer(join(group, request), group);
        }
        Member member = group.members.get(request.getMemberId());
        if (member == null) {
            throw new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member " + request.getMemberId() + " is not in the group");
        }
        if (epoch == -1) {
            group.members.remove(member.id);
            bump(group);
            return GroupHeartbeatResponse.newBuilder().setMemberId(member.id).setMemberEpoch(-1).build();
        }
        if (epoch == -2) {
            member.departed = true;
            return GroupHeartbeatResponse.newBuilder().setMemberId(member.id).setMemberEpoch(-2).build();
        }
        if (epoch != member.epoch && epoch != member.previousEpoch) {
            throw new StrataException(ErrorCode.FENCED_MEMBER_EPOCH, "epoch " + epoch + " is not " + member.epoch);
        }
        report(group, member, PartitionSets.fromProto(request.getOwnedPartitionsList()));
        member.rebalanceTimeoutMs = request.getRebalanceTimeoutMs();
        if (request.hasSubscription() && !request.getSubscription().getTopicNamesList().equals(member.topics)) {
            member.topics = List.copyOf(request.getSubscription().getTopicNamesList());
            bump(group);
        }
        return answer(member, group);
    }

    private Member join(Group group, GroupHeartbeatRequest request) {
        String id = request.getMemberId().isEmpty() ? "member-" + nextMemberId++ : request.getMemberId();
        Member previous = group.members.remove(id);
        Member member = new Member(id);
        if (request.hasGroupInstanceId()) {
            member.instanceId = request.getGroupInstanceId();
            Member replaced = group.members.values().stream()
                    .filter(m -> member.instanceId.equals(m.instanceId)).findFirst().orElse(null);
            if (replaced != null) {
                group.members.remove(replaced.id);
                member.assignment = replaced.assignment;
                member.epoch = replaced.epoch;
            }
        }
        if (previous != null && !request.getOwnedPartitionsList().isEmpty()) {
            violations.add("member " + id + " rejoined with epoch 0 but reports owning " + request.getOwnedPartitionsList());
        }
        member.topics = List.copyOf(request.getSubscription().getTopicNamesList());
        member.rebalanceTimeoutMs = request.getRebalanceTimeoutMs();
        group.members.put(id, member);
        bump(group);
        member.epoch = Math.max(member.epoch, 1);
        return member;
    }

    /** The member's report of what it owns: never more than it was assigned or still owned. */
    private void report(Group group, Member member, Set<TopicPartition> owned) {
        Set<TopicPartition> allowed = new HashSet<>(member.assignment);
        allowed.addAll(member.owned);
        if (!allowed.containsAll(owned)) {
            Set<TopicPartition> extra = new HashSet<>(owned);
            extra.removeAll(allowed);
            violations.add("member " + member.id + " reports owning " + extra + " it was never assigned");
        }
        member.owned = Set.copyOf(owned);
    }

    private GroupHeartbeatResponse answer(Member member, Group group) {
        reconcile(group, member);
        checkSingleOwner(group);
        return GroupHeartbeatResponse.newBuilder()
                .setMemberId(member.id)
                .setMemberEpoch(member.epoch)
                .setHeartbeatIntervalMs(HEARTBEAT_INTERVAL_MS)
                .setSessionTimeoutMs(SESSION_TIMEOUT_MS)
                .addAllAssignment(PartitionSets.toProto(member.assignment))
                .build();
    }

    private void reconcile(Group group, Member member) {
        Set<TopicPartition> target = group.target.getOrDefault(member.id, Set.of());
        Set<TopicPartition> next = new HashSet<>(member.assignment);
        next.retainAll(target);
        for (TopicPartition tp : target) {
            if (!next.contains(tp) && heldByOther(group, member, tp) == null) {
                next.add(tp);
            }
        }
        member.assignment = Set.copyOf(next);
        Set<TopicPartition> unrevoked = new HashSet<>(member.owned);
        unrevoked.removeAll(member.assignment);
        if (unrevoked.isEmpty() && member.epoch < group.groupEpoch) {
            member.previousEpoch = member.epoch;
            member.epoch = group.groupEpoch;
        }
    }

    private static Member heldByOther(Group group, Member member, TopicPartition tp) {
        for (Member other : group.members.values()) {
            if (other != member && (other.assignment.contains(tp) || other.owned.contains(tp))) {
                return other;
            }
        }
        return null;
    }

    private void checkSingleOwner(Group group) {
        Map<TopicPartition, String> holders = new TreeMap<>(PartitionSets.ORDER);
        for (Member member : group.members.values()) {
            Set<TopicPartition> held = new HashSet<>(member.assignment);
            held.addAll(member.owned);
            for (TopicPartition tp : held) {
                String before = holders.put(tp, member.id);
                if (before != null) {
                    violations.add(tp + " is held by both " + before + " and " + member.id);
                }
            }
        }
    }

    /** Membership or subscriptions changed: a new group epoch and a round-robin target. */
    private void bump(Group group) {
        group.groupEpoch++;
        Map<String, Set<TopicPartition>> target = new TreeMap<>();
        List<Member> members = new ArrayList<>(group.members.values());
        group.members.keySet().forEach(id -> target.put(id, new HashSet<>()));
        partitionCounts.forEach((topic, count) -> {
            List<Member> subscribed = members.stream().filter(m -> m.topics.contains(topic)).toList();
            for (int p = 0; p < count && !subscribed.isEmpty(); p++) {
                target.get(subscribed.get(p % subscribed.size()).id).add(new TopicPartition(topic, p));
            }
        });
        group.target = target;
    }

    synchronized String describe(String groupId) {
        Group group = groups.get(groupId);
        StringBuilder text = new StringBuilder("epoch " + group.groupEpoch);
        group.members.values().forEach(m -> text.append('\n').append(m.id).append(" epoch ").append(m.epoch)
                .append(" instance ").append(m.instanceId).append(m.departed ? " departed" : "")
                .append(" assigned ").append(m.assignment).append(" owned ").append(m.owned)
                .append(" target ").append(group.target.get(m.id)));
        return text.toString();
    }

    boolean stable(Group group) {
        return group.members.values().stream().allMatch(m ->
                m.assignment.equals(group.target.getOrDefault(m.id, Set.of())) && m.owned.equals(m.assignment));
    }

    @Override
    public synchronized CompletionStage<CommitOffsetsResponse> commitOffsets(CommitOffsetsRequest request) {
        Group group = groups.computeIfAbsent(request.getGroupId(), g -> new Group());
        if (request.getMemberId().isEmpty()) {
            if (!group.members.isEmpty()) {
                return CompletableFuture.failedFuture(new StrataException(ErrorCode.GROUP_NOT_EMPTY, "group has members"));
            }
        } else {
            Member member = group.members.get(request.getMemberId());
            if (member == null) {
                return CompletableFuture.failedFuture(new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "unknown member"));
            }
            if (member.epoch != request.getMemberEpoch()) {
                return CompletableFuture.failedFuture(new StrataException(ErrorCode.FENCED_MEMBER_EPOCH,
                        "epoch " + request.getMemberEpoch() + " is not " + member.epoch));
            }
        }
        for (CommittedOffset offset : request.getOffsetsList()) {
            group.offsets.put(new TopicPartition(offset.getTopic(), offset.getPartition()),
                    offset.toBuilder().setCommitTimestampMs(1).build());
        }
        return CompletableFuture.completedFuture(CommitOffsetsResponse.newBuilder().addAllOffsets(request.getOffsetsList()).build());
    }

    @Override
    public synchronized CompletionStage<FetchOffsetsResponse> fetchOffsets(FetchOffsetsRequest request) {
        Group group = groups.getOrDefault(request.getGroupId(), new Group());
        FetchOffsetsResponse.Builder response = FetchOffsetsResponse.newBuilder();
        if (request.getPartitionsCount() == 0) {
            response.addAllOffsets(group.offsets.values());
        }
        for (GroupTopicPartitions topic : request.getPartitionsList()) {
            for (int p : topic.getPartitionsList()) {
                CommittedOffset offset = group.offsets.get(new TopicPartition(topic.getTopic(), p));
                response.addOffsets(offset != null ? offset
                        : CommittedOffset.newBuilder().setTopic(topic.getTopic()).setPartition(p).setOffset(-1).build());
            }
        }
        return CompletableFuture.completedFuture(response.build());
    }

    @Override
    public synchronized CompletionStage<ListGroupsResponse> listGroups(ListGroupsRequest request) {
        ListGroupsResponse.Builder response = ListGroupsResponse.newBuilder();
        groups.forEach((id, group) -> {
            if (group.members.isEmpty() && group.offsets.isEmpty()) {
                return;
            }
            GroupState state = state(group);
            if (request.getStatesCount() == 0 || request.getStatesList().contains(state)) {
                response.addGroups(GroupListing.newBuilder().setGroupId(id).setState(state).setMemberCount(group.members.size()));
            }
        });
        return CompletableFuture.completedFuture(response.build());
    }

    private GroupState state(Group group) {
        if (group.members.isEmpty()) {
            return GroupState.GROUP_STATE_EMPTY;
        }
        return stable(group) ? GroupState.GROUP_STATE_STABLE : GroupState.GROUP_STATE_RECONCILING;
    }

    @Override
    public synchronized CompletionStage<DescribeGroupsResponse> describeGroups(DescribeGroupsRequest request) {
        DescribeGroupsResponse.Builder response = DescribeGroupsResponse.newBuilder();
        for (String id : request.getGroupIdsList()) {
            Group group = groups.get(id);
            if (group == null || (group.members.isEmpty() && group.offsets.isEmpty())) {
                response.addGroups(GroupDescription.newBuilder().setGroupId(id).setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND)
                        .setErrorMessage("group " + id + " does not exist"));
                continue;
            }
            GroupDescription.Builder described = GroupDescription.newBuilder().setGroupId(id).setState(state(group))
                    .setGroupEpoch(group.groupEpoch).setAssignmentEpoch(group.groupEpoch);
            group.members.values().forEach(m -> described.addMembers(GroupMemberDescription.newBuilder()
                    .setMemberId(m.id)
                    .setGroupInstanceId(m.instanceId == null ? "" : m.instanceId)
                    .setMemberEpoch(m.epoch)
                    .setSubscription(GroupSubscription.newBuilder().addAllTopicNames(m.topics))
                    .addAllAssignment(PartitionSets.toProto(m.assignment))
                    .addAllTargetAssignment(PartitionSets.toProto(group.target.getOrDefault(m.id, Set.of())))));
            response.addGroups(described);
        }
        return CompletableFuture.completedFuture(response.build());
    }

    @Override
    public synchronized CompletionStage<DeleteGroupResponse> deleteGroup(DeleteGroupRequest request) {
        Group group = groups.get(request.getGroupId());
        if (group == null || (group.members.isEmpty() && group.offsets.isEmpty())) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.GROUP_ID_NOT_FOUND, "no group " + request.getGroupId()));
        }
        if (!group.members.isEmpty()) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.GROUP_NOT_EMPTY, "group has members"));
        }
        groups.remove(request.getGroupId());
        return CompletableFuture.completedFuture(DeleteGroupResponse.newBuilder().setDeletedOffsets(group.offsets.size()).build());
    }

    @Override
    public synchronized CompletionStage<DeleteOffsetsResponse> deleteOffsets(DeleteOffsetsRequest request) {
        if (request.getGroupId().isEmpty()) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.INVALID_GROUP_ID, "group_id is empty"));
        }
        Group group = groups.get(request.getGroupId());
        if (group == null || (group.members.isEmpty() && group.offsets.isEmpty())) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.GROUP_ID_NOT_FOUND, "no group " + request.getGroupId()));
        }
        DeleteOffsetsResponse.Builder response = DeleteOffsetsResponse.newBuilder();
        for (TopicPartition tp : PartitionSets.sorted(PartitionSets.fromProto(request.getPartitionsList()))) {
            OffsetDeletion.Builder answer = OffsetDeletion.newBuilder().setTopic(tp.topic()).setPartition(tp.partition());
            if (group.members.values().stream().anyMatch(m -> m.topics.contains(tp.topic()))) {
                answer.setErrorCode(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC).setErrorMessage("a member subscribes to " + tp.topic());
            } else {
                group.offsets.remove(tp);
            }
            response.addPartitions(answer);
        }
        return CompletableFuture.completedFuture(response.build());
    }
}
