package io.strata.coordinator.rpc;

import io.strata.api.error.StrataException;
import io.strata.api.v1.AssignmentEventType;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.coordinator.admin.GroupDescriptions;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.group.AssignmentEvent;
import io.strata.coordinator.group.HeartbeatResult;
import io.strata.coordinator.group.MemberHeartbeat;
import io.strata.coordinator.group.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decodes requests into the coordinator's values (refusing malformed fields with INVALID_REQUEST
 * naming them) and encodes answers. Pure.
 */
final class GroupMessages {

    private GroupMessages() {
    }

    static MemberHeartbeat heartbeat(GroupHeartbeatRequest request) {
        if (request.getRebalanceTimeoutMs() < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "rebalance_timeout_ms: " + request.getRebalanceTimeoutMs()
                    + " is negative");
        }
        // A leave's subscription is not read: Kafka's KIP-848 consumer sends an empty topic list
        // with it, and refusing that left the member in the group until its session ran out.
        boolean leaving = request.getMemberEpoch() == MemberHeartbeat.LEAVE_EPOCH
                || request.getMemberEpoch() == MemberHeartbeat.STATIC_LEAVE_EPOCH;
        Optional<Subscription> subscription = request.hasSubscription() && !leaving
                ? Optional.of(Subscription.of(request.getSubscription().getTopicNamesList(),
                request.getSubscription().getTopicRegex()))
                : Optional.empty();
        Optional<String> instanceId = request.hasGroupInstanceId() && !request.getGroupInstanceId().isBlank()
                ? Optional.of(request.getGroupInstanceId()) : Optional.empty();
        return new MemberHeartbeat(request.getMemberId(), request.getMemberEpoch(), instanceId,
                request.getRebalanceTimeoutMs(), subscription, partitions("owned_partitions", request.getOwnedPartitionsList()));
    }

    static GroupHeartbeatResponse heartbeat(HeartbeatResult result) {
        return GroupHeartbeatResponse.newBuilder()
                .setMemberId(result.memberId())
                .setMemberEpoch(result.memberEpoch())
                .setHeartbeatIntervalMs(result.heartbeatIntervalMs())
                .setSessionTimeoutMs(result.sessionTimeoutMs())
                .addAllAssignment(GroupDescriptions.byTopic(result.assignment()))
                .build();
    }

    /** Partitions of the wire, checked: a topic name and indexes ≥ 0. */
    static SortedSet<TopicPartition> partitions(String field, List<GroupTopicPartitions> wire) {
        SortedSet<TopicPartition> partitions = new TreeSet<>();
        for (GroupTopicPartitions topic : wire) {
            for (int index : topic.getPartitionsList()) {
                partitions.add(partition(field, topic.getTopic(), index));
            }
        }
        return partitions;
    }

    /** Topic → partitions as asked (an empty list: all partitions of the topic). */
    static Map<String, List<Integer>> partitionsByTopic(String field, List<GroupTopicPartitions> wire) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (GroupTopicPartitions topic : wire) {
            List<Integer> indexes = byTopic.computeIfAbsent(topic.getTopic(), t -> new ArrayList<>());
            for (int index : topic.getPartitionsList()) {
                indexes.add(partition(field, topic.getTopic(), index).partition());
            }
        }
        return byTopic;
    }

    static TopicPartition partition(String field, String topic, int index) {
        if (topic.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, field + ": a topic name is empty");
        }
        if (index < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, field + ": partition " + index + " of topic '" + topic
                    + "' is negative");
        }
        return new TopicPartition(topic, index);
    }

    static io.strata.coordinator.offsets.CommittedOffset committed(CommittedOffset wire) {
        return new io.strata.coordinator.offsets.CommittedOffset(partition("offsets", wire.getTopic(), wire.getPartition()),
                wire.getOffset(), wire.hasMetadata() ? wire.getMetadata() : "", 0);
    }

    static CommittedOffset committed(io.strata.coordinator.offsets.CommittedOffset offset) {
        CommittedOffset.Builder wire = CommittedOffset.newBuilder()
                .setTopic(offset.partition().topic())
                .setPartition(offset.partition().partition())
                .setOffset(offset.offset())
                .setCommitTimestampMs(offset.commitTimestampMs());
        if (!offset.metadata().isEmpty()) {
            wire.setMetadata(offset.metadata());
        }
        return wire.build();
    }

    static io.strata.api.v1.AssignmentEvent event(AssignmentEvent event) {
        return io.strata.api.v1.AssignmentEvent.newBuilder()
                .setSequence(event.sequence())
                .setTimeMs(event.timeMs())
                .setMemberId(event.memberId())
                .setMemberEpoch(event.memberEpoch())
                .setTopic(event.partition().topic())
                .setPartition(event.partition().partition())
                .setType(switch (event.type()) {
                    case ASSIGNED -> AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED;
                    case REVOKING -> AssignmentEventType.ASSIGNMENT_EVENT_REVOKING;
                    case REVOKED -> AssignmentEventType.ASSIGNMENT_EVENT_REVOKED;
                })
                .setReason(event.reason() == null ? "" : event.reason().label())
                .build();
    }
}
