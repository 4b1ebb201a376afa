package io.strata.kafka.group;

import io.strata.kafka.metadata.TopicIds;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Assignment;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalInt;
import io.strata.api.v1.CommittedOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ConsumerGroupHeartbeat and ConsumerGroupDescribe (KIP-848, {@code group.protocol=consumer}):
 * nearly one to one onto the coordinator's Heartbeat and DescribeGroups, topic ids translated to
 * and from names with this node's metadata.
 *
 * <p>One difference needs state: a Kafka client leaves out its owned partitions (and its rebalance
 * timeout) when they did not change since its last heartbeat, while the coordinator wants the owned
 * partitions in full every time (a partition not listed is released) and takes a rebalance timeout
 * of 0 as "the default". What each member last sent is kept (bounded, the least recently used
 * dropped first); a heartbeat that leaves the owned partitions out for a member not remembered here
 * (it moved from another node, or was dropped) is answered NOT_COORDINATOR, after which the client
 * finds this node again and sends a full heartbeat. Forgetting can therefore cost a retry but never
 * report a partition released that the member holds. Thread-safe: the memory is a synchronized map.
 */
final class ConsumerGroupApis {

    /** How many members' owned sets are remembered. */
    static final int MAX_REMEMBERED_MEMBERS = 100_000;

    private record MemberKey(String groupId, String memberId) {
    }

    /** What a member last sent in full, and the epoch it was last answered. */
    private record Remembered(List<GroupTopicPartitions> owned, int rebalanceTimeoutMs, int epoch) {
    }

    private final GroupBackend coordinator;
    private final ControlPlane cluster;
    private final ClassicMemberBridge bridge;
    private final Map<MemberKey, Remembered> remembered;

    ConsumerGroupApis(GroupBackend coordinator, ControlPlane cluster, ClassicMemberBridge bridge, int maxRemembered) {
        this.coordinator = coordinator;
        this.cluster = cluster;
        this.bridge = bridge;
        this.remembered = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MemberKey, Remembered> eldest) {
                return size() > maxRemembered;
            }
        });
    }

    CompletionStage<ApiMessage> heartbeat(KafkaRequest request) {
        ConsumerGroupHeartbeatRequestData data = request.data();
        TopicIds ids = new TopicIds(cluster.metadata());
        MemberKey key = new MemberKey(data.groupId(), data.memberId());
        Remembered last = remembered.get(key);
        List<GroupTopicPartitions> owned;
        if (data.topicPartitions() != null) {
            owned = owned(data.topicPartitions(), ids);
        } else if (data.memberEpoch() < 0) {
            owned = List.of();
        } else {
            owned = last == null ? null : last.owned();
            if (owned == null) {
                return CompletableFuture.completedFuture(new ConsumerGroupHeartbeatResponseData()
                        .setErrorCode(Errors.NOT_COORDINATOR.code())
                        .setErrorMessage("this node does not remember the member's owned partitions: send them in full"));
            }
        }
        int rebalanceTimeoutMs = data.rebalanceTimeoutMs() >= 0 ? data.rebalanceTimeoutMs()
                : last == null ? 0 : last.rebalanceTimeoutMs();
        GroupHeartbeatRequest.Builder heartbeat = GroupHeartbeatRequest.newBuilder()
                .setGroupId(data.groupId())
                .setMemberId(data.memberId())
                .setMemberEpoch(data.memberEpoch())
                .setRebalanceTimeoutMs(rebalanceTimeoutMs)
                .addAllOwnedPartitions(owned);
        if (data.instanceId() != null) {
            heartbeat.setGroupInstanceId(data.instanceId());
        }
        // A leave's subscription (Kafka's consumer sends an empty topic list) means nothing: not passed on.
        boolean leaving = data.memberEpoch() < 0;
        if (!leaving && data.subscribedTopicRegex() != null && !data.subscribedTopicRegex().isEmpty()) {
            heartbeat.setSubscription(GroupSubscription.newBuilder().setTopicRegex(data.subscribedTopicRegex()));
        } else if (!leaving && data.subscribedTopicNames() != null) {
            heartbeat.setSubscription(GroupSubscription.newBuilder().addAllTopicNames(data.subscribedTopicNames()));
        }
        return coordinator.heartbeat(heartbeat.build()).handle((response, failure) -> {
            if (failure != null) {
                remembered.remove(key);
                return new ConsumerGroupHeartbeatResponseData()
                        .setErrorCode(KafkaErrors.of(failure).code())
                        .setErrorMessage(KafkaErrors.message(failure));
            }
            MemberKey answered = new MemberKey(data.groupId(), response.getMemberId());
            if (response.getMemberEpoch() < 0) {
                remembered.remove(answered);
            } else {
                remembered.put(answered, new Remembered(owned, rebalanceTimeoutMs, response.getMemberEpoch()));
            }
            List<TopicPartitions> assignment = new ArrayList<>();
            for (GroupTopicPartitions topic : response.getAssignmentList()) {
                Uuid id = ids.id(topic.getTopic());
                if (!id.equals(Uuid.ZERO_UUID)) {
                    // A topic this node has no id for yet is left out until its metadata arrives.
                    assignment.add(new TopicPartitions().setTopicId(id).setPartitions(topic.getPartitionsList()));
                }
            }
            return new ConsumerGroupHeartbeatResponseData()
                    .setMemberId(response.getMemberId())
                    .setMemberEpoch(response.getMemberEpoch())
                    .setHeartbeatIntervalMs(response.getHeartbeatIntervalMs())
                    .setAssignment(response.getMemberEpoch() < 0 ? null
                            : new ConsumerGroupHeartbeatResponseData.Assignment().setTopicPartitions(assignment));
        });
    }

    /** Owned partitions by topic id → by name; a topic whose id is unknown here was deleted and is left out. */
    /**
     * The epoch this node last answered the member, when a commit it made with an older epoch is
     * still its to make: every partition committed is one the member last reported holding, so the
     * coordinator has handed none of them to another member (it waits until the owner stops
     * listing a partition). Empty when the member is not remembered here, the epoch is not older,
     * or a partition is not among those it holds.
     */
    OptionalInt newerEpochHolding(String groupId, String memberId, int committedEpoch, List<CommittedOffset> offsets) {
        Remembered last = remembered.get(new MemberKey(groupId, memberId));
        if (last == null || committedEpoch < 1 || committedEpoch >= last.epoch()) {
            return OptionalInt.empty();
        }
        for (CommittedOffset offset : offsets) {
            boolean held = last.owned().stream().anyMatch(topic -> topic.getTopic().equals(offset.getTopic())
                    && topic.getPartitionsList().contains(offset.getPartition()));
            if (!held) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(last.epoch());
    }

    private static List<GroupTopicPartitions> owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> topics, TopicIds ids) {
        List<GroupTopicPartitions> owned = new ArrayList<>();
        for (ConsumerGroupHeartbeatRequestData.TopicPartitions topic : topics) {
            ids.name(topic.topicId()).ifPresent(name -> owned.add(GroupTopicPartitions.newBuilder().setTopic(name)
                    .addAllPartitions(topic.partitions().stream().sorted().distinct().toList()).build()));
        }
        owned.sort(Comparator.comparing(GroupTopicPartitions::getTopic));
        return owned;
    }

    CompletionStage<ApiMessage> describe(KafkaRequest request) {
        ConsumerGroupDescribeRequestData data = request.data();
        TopicIds ids = new TopicIds(cluster.metadata());
        DescribeGroupsRequest describe = DescribeGroupsRequest.newBuilder().addAllGroupIds(data.groupIds()).build();
        return coordinator.describeGroups(describe).handle((response, failure) -> {
            List<DescribedGroup> groups = new ArrayList<>();
            if (failure != null) {
                data.groupIds().forEach(id -> groups.add(new DescribedGroup().setGroupId(id)
                        .setErrorCode(KafkaErrors.of(failure).code()).setErrorMessage(KafkaErrors.message(failure))));
            } else {
                response.getGroupsList().forEach(group -> groups.add(describedGroup(group, ids)));
            }
            return new ConsumerGroupDescribeResponseData().setGroups(groups);
        });
    }

    private DescribedGroup describedGroup(GroupDescription group, TopicIds ids) {
        DescribedGroup described = new DescribedGroup().setGroupId(group.getGroupId());
        if (group.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            return described.setErrorCode(KafkaErrors.of(group.getErrorCode()).code()).setErrorMessage(group.getErrorMessage());
        }
        Map<String, ClassicMember> classic = new HashMap<>();
        bridge.members(group.getGroupId()).forEach(m -> classic.put(m.memberId(), m));
        List<Member> members = new ArrayList<>();
        for (GroupMemberDescription member : group.getMembersList()) {
            ClassicMember known = classic.get(member.getMemberId());
            String regex = member.getSubscription().getTopicRegex();
            members.add(new Member()
                    .setMemberId(member.getMemberId())
                    .setInstanceId(member.getGroupInstanceId().isEmpty() ? null : member.getGroupInstanceId())
                    .setMemberEpoch(member.getMemberEpoch())
                    .setClientId(known == null ? "" : known.clientId())
                    .setClientHost(known == null ? "" : known.clientHost())
                    .setSubscribedTopicNames(member.getSubscription().getTopicNamesList())
                    .setSubscribedTopicRegex(regex.isEmpty() ? null : regex)
                    .setAssignment(assignment(member.getAssignmentList(), ids))
                    .setTargetAssignment(assignment(member.getTargetAssignmentList(), ids))
                    .setMemberType((byte) (known == null ? 1 : 0)));
        }
        return described
                .setGroupState(GroupAdminApis.consumerStateName(group.getState()))
                .setGroupEpoch(group.getGroupEpoch())
                .setAssignmentEpoch(group.getAssignmentEpoch())
                .setAssignorName("strata")
                .setMembers(members);
    }

    private static Assignment assignment(List<GroupTopicPartitions> topics, TopicIds ids) {
        List<ConsumerGroupDescribeResponseData.TopicPartitions> partitions = new ArrayList<>();
        for (GroupTopicPartitions topic : topics) {
            partitions.add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                    .setTopicId(ids.id(topic.getTopic()))
                    .setTopicName(topic.getTopic())
                    .setPartitions(topic.getPartitionsList()));
        }
        return new Assignment().setTopicPartitions(partitions);
    }
}
