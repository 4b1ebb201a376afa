package io.strata.kafka.group;

import io.strata.kafka.metadata.TopicIds;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommitOffsetsResponse;
import io.strata.api.v1.CommittedOffset;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetCommit, forwarded to the coordinator's CommitOffsets with the identity the coordinator
 * checks: a classic member commits with its generation, which is mapped to its current coordinator
 * epoch when it is the generation the bridge answered it, as a step of the member's chain
 * ({@link ClassicMemberBridge#commitStep});
 * a KIP-848 member carries its epoch as is; an admin or simple consumer commits with an empty
 * member id and generation −1. Every partition of a request is stored or none is, so a refusal
 * puts one error on every partition; partitions refused before forwarding (unknown topic id, too
 * much metadata) carry their own. OffsetFetch is in {@link OffsetFetchApi}. Stateless.
 */
final class OffsetApis {

    private static final Logger LOG = Logger.getLogger(OffsetApis.class);

    /** How often a KIP-848 member's commit follows its epoch as it moves (see {@link #forwardKip848}). */
    private static final int EPOCH_RETRIES = 3;

    /** The coordinator's bound on the free text stored with an offset (bytes of UTF-8). */
    static final int MAX_METADATA_BYTES = 4096;

    private final GroupBackend coordinator;
    private final ControlPlane cluster;
    private final ClassicMemberBridge bridge;
    private final ConsumerGroupApis consumers;

    OffsetApis(GroupBackend coordinator, ControlPlane cluster, ClassicMemberBridge bridge, ConsumerGroupApis consumers) {
        this.coordinator = coordinator;
        this.cluster = cluster;
        this.bridge = bridge;
        this.consumers = consumers;
    }

    CompletionStage<ApiMessage> commit(KafkaRequest request) {
        OffsetCommitRequestData data = request.data();
        short version = request.version();
        TopicIds ids = version >= 10 ? new TopicIds(cluster.metadata()) : null;
        Map<OffsetCommitRequestTopic, OffsetCommitResponseTopic> answers = new LinkedHashMap<>();
        CommitOffsetsRequest.Builder commit = CommitOffsetsRequest.newBuilder().setGroupId(data.groupId());
        for (OffsetCommitRequestTopic topic : data.topics()) {
            String name = ids == null ? topic.name() : ids.name(topic.topicId()).orElse(null);
            OffsetCommitResponseTopic answer = new OffsetCommitResponseTopic().setName(topic.name()).setTopicId(topic.topicId());
            answers.put(topic, answer);
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                Errors refused = name == null ? Errors.UNKNOWN_TOPIC_ID : checkMetadata(partition.committedMetadata());
                answer.partitions().add(new OffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(refused.code()));
                if (refused == Errors.NONE) {
                    CommittedOffset.Builder offset = CommittedOffset.newBuilder()
                            .setTopic(name).setPartition(partition.partitionIndex()).setOffset(partition.committedOffset());
                    if (partition.committedMetadata() != null) {
                        offset.setMetadata(partition.committedMetadata());
                    }
                    commit.addOffsets(offset);
                }
            }
        }
        OffsetCommitResponseData response = new OffsetCommitResponseData().setTopics(new ArrayList<>(answers.values()));
        if (commit.getOffsetsCount() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        if (data.memberId().isEmpty() && data.generationIdOrMemberEpoch() < 0) {
            // An admin or simple consumer: no member, no epoch.
            commit.setMemberId("").setMemberEpoch(-1);
            return answer(data, commit, coordinator.commitOffsets(commit.build()), response, version);
        }
        // A classic client understands ILLEGAL_GENERATION for a stale epoch whatever the version.
        short classicVersion = (short) Math.min(version, 8);
        return bridge.commitStep(data.groupId(), data.memberId(), data.generationIdOrMemberEpoch(), identity -> {
            if (identity.error() != Errors.NONE) {
                return CompletableFuture.<ApiMessage>completedFuture(failAll(response, identity.error()));
            }
            commit.setMemberId(identity.memberId()).setMemberEpoch(identity.epoch());
            return answer(data, commit, coordinator.commitOffsets(commit.build()), response, classicVersion);
        }).orElseGet(() -> {
            commit.setMemberId(data.memberId()).setMemberEpoch(data.generationIdOrMemberEpoch());
            return answer(data, commit, forwardKip848(data, commit, EPOCH_RETRIES), response, version);
        });
    }

    private static CompletionStage<ApiMessage> answer(OffsetCommitRequestData data, CommitOffsetsRequest.Builder commit,
                                                      CompletionStage<CommitOffsetsResponse> stored,
                                                      OffsetCommitResponseData response, short errorVersion) {
        return stored.handle((ok, failure) -> {
            if (failure == null) {
                return response;
            }
            LOG.infof("commit of group '%s' member '%s' generation/epoch %d (forwarded with epoch %d) refused: %s",
                    data.groupId(), data.memberId(), data.generationIdOrMemberEpoch(), commit.getMemberEpoch(),
                    KafkaErrors.message(failure));
            return failAll(response, commitError(failure, errorVersion));
        });
    }

    /**
     * Forwards a KIP-848 member's commit. Its heartbeat answer with a new epoch can cross its
     * commit (the client sends both from different threads): the commit then arrives with the epoch
     * of a moment earlier and is refused FENCED_MEMBER_EPOCH. It is sent again with the epoch this
     * node last answered the member, when every partition committed is one it last reported
     * holding ({@link ConsumerGroupApis#newerEpochHolding}), so nobody else can hold them. A classic
     * member cannot be in this race: its commit is a step of its chain ({@link ClassicMemberBridge#commitStep}).
     */
    private CompletionStage<CommitOffsetsResponse> forwardKip848(OffsetCommitRequestData data,
                                                                 CommitOffsetsRequest.Builder commit, int retries) {
        return coordinator.commitOffsets(commit.build()).handle((stored, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(stored);
            }
            if (retries > 0 && KafkaErrors.of(failure) == Errors.FENCED_MEMBER_EPOCH) {
                OptionalInt newer = consumers.newerEpochHolding(data.groupId(), commit.getMemberId(), commit.getMemberEpoch(),
                        commit.getOffsetsList());
                if (newer.isPresent()) {
                    return forwardKip848(data, commit.setMemberEpoch(newer.getAsInt()), retries - 1).toCompletableFuture();
                }
            }
            return CompletableFuture.<CommitOffsetsResponse>failedFuture(failure);
        }).thenCompose(next -> next);
    }

    /**
     * The Kafka code for a refused commit. KafkaErrors names the failure; what a client expects for
     * it depends on the API: a stale epoch is STALE_MEMBER_EPOCH to a KIP-848 client (v9+, which
     * retries with its new epoch) and ILLEGAL_GENERATION to a classic one; a commit without a
     * member to a group with members is UNKNOWN_MEMBER_ID, as Kafka answers it.
     */
    static Errors commitError(Throwable failure, short version) {
        Errors error = KafkaErrors.of(failure);
        if (error == Errors.FENCED_MEMBER_EPOCH) {
            return version >= 9 ? Errors.STALE_MEMBER_EPOCH : Errors.ILLEGAL_GENERATION;
        }
        if (error == Errors.NON_EMPTY_GROUP) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return error;
    }

    private static Errors checkMetadata(String metadata) {
        return metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES
                ? Errors.OFFSET_METADATA_TOO_LARGE : Errors.NONE;
    }

    private static OffsetCommitResponseData failAll(OffsetCommitResponseData response, Errors error) {
        for (OffsetCommitResponseTopic topic : response.topics()) {
            for (OffsetCommitResponsePartition partition : topic.partitions()) {
                if (partition.errorCode() == Errors.NONE.code()) {
                    partition.setErrorCode(error.code());
                }
            }
        }
        return response;
    }
}
