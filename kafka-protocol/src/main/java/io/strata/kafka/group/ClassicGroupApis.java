package io.strata.kafka.group;

import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.ConsumerProtocolAssignment;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.utils.Utils;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup: Kafka's classic group protocol, translated to
 * and from {@link ClassicMemberBridge}. Only the "consumer" protocol type is hosted (its metadata is
 * a {@link ConsumerProtocol} subscription the coordinator can assign from); the client's first
 * protocol is the one chosen, as Kafka does for classic members of a consumer group.
 *
 * <p>Every classic member is a follower: the JoinGroup answer names no leader (an empty leader id
 * never equals the member's id) and lists no members, so the Java client sends an empty SyncGroup
 * and receives the coordinator's assignment in the answer. A static member leaving by itself leaves
 * for now (its partitions wait for its return); one removed by an admin leaves for good
 * ({@link #leavesForNow}). Stateless apart from the bridge.
 */
final class ClassicGroupApis {

    /** The reason Kafka's admin client gives when it removes members (KafkaAdminClient.DEFAULT_LEAVE_GROUP_REASON). */
    static final String ADMIN_LEAVE_REASON = "member was removed by an admin";

    private final ClassicMemberBridge bridge;

    ClassicGroupApis(ClassicMemberBridge bridge) {
        this.bridge = bridge;
    }

    CompletionStage<ApiMessage> join(KafkaRequest request) {
        JoinGroupRequestData data = request.data();
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(data.protocolType()) || data.protocols().isEmpty()) {
            return joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, data.memberId());
        }
        JoinGroupRequestProtocol preferred = data.protocols().iterator().next();
        Subscription subscription;
        short version;
        try {
            ByteBuffer metadata = ByteBuffer.wrap(preferred.metadata());
            version = ConsumerProtocol.deserializeVersion(metadata.duplicate());
            subscription = ConsumerProtocol.deserializeSubscription(metadata);
        } catch (RuntimeException e) {
            return joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, data.memberId());
        }
        int rebalanceTimeoutMs = data.rebalanceTimeoutMs() >= 0 ? data.rebalanceTimeoutMs() : data.sessionTimeoutMs();
        ClassicMemberBridge.Join join = new ClassicMemberBridge.Join(data.groupId(), data.memberId(),
                emptyToNull(data.groupInstanceId()), request.header().clientId(), clientHost(request),
                subscription.topics(), Set.copyOf(subscription.ownedPartitions()), preferred.name(),
                (short) Math.min(version, ConsumerProtocolAssignment.HIGHEST_SUPPORTED_VERSION),
                rebalanceTimeoutMs, data.sessionTimeoutMs(),
                JoinGroupRequest.requiresKnownMemberId(data, request.version()));
        return bridge.join(join).thenApply(result -> {
            if (result.error() != Errors.NONE) {
                return joinResponse(result.error(), result.memberId());
            }
            return new JoinGroupResponseData()
                    .setMemberId(result.memberId())
                    .setGenerationId(result.generation())
                    .setProtocolType(ConsumerProtocol.PROTOCOL_TYPE)
                    .setProtocolName(result.protocolName())
                    .setLeader("")
                    .setSkipAssignment(false)
                    .setMembers(List.of());
        });
    }

    CompletionStage<ApiMessage> sync(KafkaRequest request) {
        SyncGroupRequestData data = request.data();
        if (data.protocolType() != null && !ConsumerProtocol.PROTOCOL_TYPE.equals(data.protocolType())) {
            return CompletableFuture.completedFuture(syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        return bridge.sync(data.groupId(), data.memberId(), data.generationId()).thenApply(result -> {
            if (result.error() != Errors.NONE) {
                return syncError(result.error());
            }
            ClassicMember member = result.member();
            return new SyncGroupResponseData()
                    .setProtocolType(ConsumerProtocol.PROTOCOL_TYPE)
                    .setProtocolName(member.protocolName())
                    .setAssignment(encodeAssignment(member.given(), member.assignmentVersion()));
        });
    }

    CompletionStage<ApiMessage> heartbeat(KafkaRequest request) {
        HeartbeatRequestData data = request.data();
        return bridge.heartbeat(data.groupId(), data.memberId(), data.generationId())
                .thenApply(error -> new HeartbeatResponseData().setErrorCode(error.code()));
    }

    CompletionStage<ApiMessage> leave(KafkaRequest request) {
        LeaveGroupRequestData data = request.data();
        if (request.version() < 3) {
            return bridge.leave(data.groupId(), data.memberId(), null, false)
                    .thenApply(error -> new LeaveGroupResponseData().setErrorCode(error.code()));
        }
        List<CompletableFuture<MemberResponse>> answers = new ArrayList<>();
        for (MemberIdentity identity : data.members()) {
            String instanceId = emptyToNull(identity.groupInstanceId());
            answers.add(bridge.leave(data.groupId(), identity.memberId(), instanceId, leavesForNow(identity))
                    .thenApply(error -> new MemberResponse()
                            .setMemberId(identity.memberId())
                            .setGroupInstanceId(identity.groupInstanceId())
                            .setErrorCode(error.code()))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<MemberResponse> members = new ArrayList<>();
            answers.forEach(answer -> members.add(answer.join()));
            return new LeaveGroupResponseData().setMembers(members);
        });
    }

    /**
     * Whether a static member leaves only for now (epoch −2, its partitions kept for its return) or
     * is removed: an admin (Kafka's removeMembersFromConsumerGroup) names a static member by its
     * instance id alone, or gives Kafka's default admin reason; the member itself knows its id.
     */
    static boolean leavesForNow(MemberIdentity identity) {
        boolean byAdmin = identity.memberId().isEmpty()
                || (identity.reason() != null && identity.reason().startsWith(ADMIN_LEAVE_REASON));
        return identity.groupInstanceId() != null && !byAdmin;
    }

    /** A ConsumerProtocol assignment at {@code version}, partitions in topic and index order. */
    static byte[] encodeAssignment(Set<org.apache.kafka.common.TopicPartition> partitions, short version) {
        return Utils.toArray(ConsumerProtocol.serializeAssignment(
                new Assignment(PartitionSets.sorted(partitions)), version));
    }

    private static CompletionStage<ApiMessage> joinError(Errors error, String memberId) {
        return CompletableFuture.completedFuture(joinResponse(error, memberId));
    }

    private static JoinGroupResponseData joinResponse(Errors error, String memberId) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setMemberId(memberId == null ? "" : memberId)
                .setGenerationId(-1)
                .setLeader("")
                .setMembers(List.of());
    }

    private static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    private static String clientHost(KafkaRequest request) {
        InetSocketAddress remote = request.session() == null ? null : request.session().remote();
        if (remote == null) {
            return "";
        }
        return "/" + (remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
