package io.strata.kafka.group;

import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DeleteOffsetsRequest;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.GroupMemberDescription;
import io.strata.api.v1.GroupState;
import io.strata.api.v1.GroupTopicPartitions;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.api.v1.OffsetDeletion;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ConsumerProtocolAssignment;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ListGroups, DescribeGroups (the classic shape), DeleteGroups and OffsetDelete over the
 * coordinator's administration calls. Every Strata group is a KIP-848 group that may host classic
 * members, so ListGroups answers type "consumer" and the consumer-group state names (Empty,
 * Reconciling, Stable); DescribeGroups answers the classic state names a classic tool understands (Stable,
 * PreparingRebalance while reconciling, Empty; Dead for a group that does not exist), and the
 * members' subscriptions and assignments encoded with {@link ConsumerProtocol}. Client id and host
 * are known only for classic members joined through this node. OffsetDelete puts a failure of the
 * whole group (INVALID_GROUP_ID, GROUP_ID_NOT_FOUND, …) in the top-level error code with no topics,
 * as Kafka does, and the coordinator's answer for each partition (GROUP_SUBSCRIBED_TO_TOPIC for a
 * topic a member subscribes to) on that partition. Stateless.
 */
final class GroupAdminApis {

    static final String GROUP_TYPE = "consumer";

    private final GroupBackend coordinator;
    private final ClassicMemberBridge bridge;

    GroupAdminApis(GroupBackend coordinator, ClassicMemberBridge bridge) {
        this.coordinator = coordinator;
        this.bridge = bridge;
    }

    CompletionStage<ApiMessage> list(KafkaRequest request) {
        ListGroupsRequestData data = request.data();
        short version = request.version();
        Set<GroupState> states = EnumSet.noneOf(GroupState.class);
        for (String name : data.statesFilter()) {
            stateOf(name).ifPresent(states::add);
        }
        boolean typeRefused = data.typesFilter().stream().noneMatch(GROUP_TYPE::equalsIgnoreCase) && !data.typesFilter().isEmpty();
        if (typeRefused || (!data.statesFilter().isEmpty() && states.isEmpty())) {
            return CompletableFuture.completedFuture(new ListGroupsResponseData());
        }
        return coordinator.listGroups(ListGroupsRequest.newBuilder().addAllStates(states).build()).handle((response, failure) -> {
            if (failure != null) {
                return new ListGroupsResponseData().setErrorCode(KafkaErrors.of(failure).code());
            }
            List<ListedGroup> groups = new ArrayList<>();
            for (GroupListing listing : response.getGroupsList()) {
                ListedGroup group = new ListedGroup().setGroupId(listing.getGroupId()).setProtocolType(ConsumerProtocol.PROTOCOL_TYPE);
                if (version >= 4) {
                    group.setGroupState(consumerStateName(listing.getState()));
                }
                if (version >= 5) {
                    group.setGroupType(GROUP_TYPE);
                }
                groups.add(group);
            }
            return new ListGroupsResponseData().setGroups(groups);
        });
    }

    CompletionStage<ApiMessage> describe(KafkaRequest request) {
        DescribeGroupsRequestData data = request.data();
        DescribeGroupsRequest describe = DescribeGroupsRequest.newBuilder().addAllGroupIds(data.groups()).build();
        return coordinator.describeGroups(describe).handle((response, failure) -> {
            List<DescribedGroup> groups = new ArrayList<>();
            if (failure != null) {
                Errors error = KafkaErrors.of(failure);
                data.groups().forEach(id -> groups.add(new DescribedGroup().setGroupId(id).setErrorCode(error.code())
                        .setErrorMessage(KafkaErrors.message(failure))));
            } else {
                response.getGroupsList().forEach(group -> groups.add(describedGroup(group)));
            }
            return new DescribeGroupsResponseData().setGroups(groups);
        });
    }

    private DescribedGroup describedGroup(GroupDescription group) {
        DescribedGroup described = new DescribedGroup().setGroupId(group.getGroupId())
                .setProtocolType(ConsumerProtocol.PROTOCOL_TYPE).setProtocolData("");
        if (group.getErrorCode() == ErrorCode.GROUP_ID_NOT_FOUND) {
            return described.setGroupState("Dead").setProtocolType("");
        }
        if (group.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
            return described.setErrorCode(KafkaErrors.of(group.getErrorCode()).code()).setErrorMessage(group.getErrorMessage());
        }
        Map<String, ClassicMember> classic = new HashMap<>();
        bridge.members(group.getGroupId()).forEach(m -> classic.put(m.memberId(), m));
        List<DescribedGroupMember> members = new ArrayList<>();
        for (GroupMemberDescription member : group.getMembersList()) {
            ClassicMember known = classic.get(member.getMemberId());
            Set<TopicPartition> assignment = PartitionSets.fromProto(member.getAssignmentList());
            members.add(new DescribedGroupMember()
                    .setMemberId(member.getMemberId())
                    .setGroupInstanceId(member.getGroupInstanceId().isEmpty() ? null : member.getGroupInstanceId())
                    .setClientId(known == null ? "" : known.clientId())
                    .setClientHost(known == null ? "" : known.clientHost())
                    .setMemberMetadata(Utils.toArray(ConsumerProtocol.serializeSubscription(
                            new Subscription(member.getSubscription().getTopicNamesList()))))
                    .setMemberAssignment(ClassicGroupApis.encodeAssignment(assignment,
                            known == null ? ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION : known.assignmentVersion())));
            if (known != null && described.protocolData().isEmpty()) {
                described.setProtocolData(known.protocolName());
            }
        }
        return described.setGroupState(classicStateName(group.getState())).setMembers(members);
    }

    CompletionStage<ApiMessage> delete(KafkaRequest request) {
        DeleteGroupsRequestData data = request.data();
        List<CompletableFuture<DeletableGroupResult>> results = new ArrayList<>();
        for (String groupId : data.groupsNames()) {
            results.add(coordinator.deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(groupId).build())
                    .handle((deleted, failure) -> new DeletableGroupResult().setGroupId(groupId)
                            .setErrorCode(failure == null ? Errors.NONE.code() : KafkaErrors.of(failure).code()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DeletableGroupResultCollection collection = new DeletableGroupResultCollection();
            results.forEach(result -> collection.add(result.join()));
            return new DeleteGroupsResponseData().setResults(collection);
        });
    }

    CompletionStage<ApiMessage> deleteOffsets(KafkaRequest request) {
        OffsetDeleteRequestData data = request.data();
        DeleteOffsetsRequest.Builder delete = DeleteOffsetsRequest.newBuilder().setGroupId(data.groupId());
        for (OffsetDeleteRequestTopic topic : data.topics()) {
            delete.addPartitions(GroupTopicPartitions.newBuilder().setTopic(topic.name()).addAllPartitions(
                    topic.partitions().stream().map(OffsetDeleteRequestPartition::partitionIndex).distinct().sorted().toList()));
        }
        return coordinator.deleteOffsets(delete.build()).handle((response, failure) -> failure != null
                ? new OffsetDeleteResponseData().setErrorCode(KafkaErrors.of(failure).code())
                : offsetsDeleted(data, response));
    }

    /** Every partition asked for, in request order, with the coordinator's answer for it. */
    private static OffsetDeleteResponseData offsetsDeleted(OffsetDeleteRequestData data, DeleteOffsetsResponse response) {
        Map<TopicPartition, Errors> answers = new HashMap<>();
        for (OffsetDeletion answer : response.getPartitionsList()) {
            Errors error = answer.getErrorCode() == ErrorCode.ERROR_CODE_UNSPECIFIED
                    ? Errors.NONE : KafkaErrors.of(answer.getErrorCode());
            answers.put(new TopicPartition(answer.getTopic(), answer.getPartition()), error);
        }
        OffsetDeleteResponseTopicCollection topics = new OffsetDeleteResponseTopicCollection();
        for (OffsetDeleteRequestTopic asked : data.topics()) {
            OffsetDeleteResponseTopic topic = topics.find(asked.name());
            if (topic == null) {
                topic = new OffsetDeleteResponseTopic().setName(asked.name());
                topics.add(topic);
            }
            for (OffsetDeleteRequestPartition partition : asked.partitions()) {
                if (topic.partitions().find(partition.partitionIndex()) != null) {
                    continue; // named twice: answered once
                }
                // A partition the coordinator did not answer is a bug there: never report it deleted.
                Errors error = answers.getOrDefault(new TopicPartition(asked.name(), partition.partitionIndex()),
                        Errors.UNKNOWN_SERVER_ERROR);
                topic.partitions().add(new OffsetDeleteResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
            }
        }
        return new OffsetDeleteResponseData().setErrorCode(Errors.NONE.code()).setTopics(topics);
    }

    /** The coordinator state a ListGroups filter names: consumer-group names, and the classic ones mapped onto them. */
    static Optional<GroupState> stateOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "empty" -> Optional.of(GroupState.GROUP_STATE_EMPTY);
            case "stable" -> Optional.of(GroupState.GROUP_STATE_STABLE);
            case "reconciling", "assigning", "preparingrebalance", "completingrebalance" ->
                    Optional.of(GroupState.GROUP_STATE_RECONCILING);
            default -> Optional.empty();
        };
    }

    static String consumerStateName(GroupState state) {
        return switch (state) {
            case GROUP_STATE_EMPTY -> "Empty";
            case GROUP_STATE_RECONCILING -> "Reconciling";
            case GROUP_STATE_STABLE -> "Stable";
            default -> "Unknown";
        };
    }

    static String classicStateName(GroupState state) {
        return switch (state) {
            case GROUP_STATE_EMPTY -> "Empty";
            case GROUP_STATE_RECONCILING -> "PreparingRebalance";
            case GROUP_STATE_STABLE -> "Stable";
            default -> "Unknown";
        };
    }
}
