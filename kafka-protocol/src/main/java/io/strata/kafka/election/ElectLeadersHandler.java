package io.strata.kafka.election;

import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PreferredLeaderResult;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.LeaderElections;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ElectLeaders (v0–v2, KIP-460) with election type PREFERRED: each listed partition (every
 * partition when the list is null, as {@code kafka-leader-election.sh --all-topic-partitions}
 * sends it) is led by its first replica if that one is UP and in the ISR, with one
 * metadata-service call for the request, answered once this node's view has the change. Per
 * partition: NONE, ELECTION_NOT_NEEDED (it already leads; left out of an all-partitions answer, as
 * Kafka does), PREFERRED_LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION.
 *
 * <p>UNCLEAN is refused with INVALID_REQUEST naming why: an election on request never picks an
 * out-of-sync replica here (that would drop acknowledged records at an operator's word); the
 * controller does it only where a topic sets {@code unclean.leader.election.enable=true} and no
 * in-sync replica is live. Stateless.
 */
public final class ElectLeadersHandler implements KafkaApiHandler {

    static final String UNCLEAN_REFUSED = "election type UNCLEAN is not served on request: set"
            + " unclean.leader.election.enable=true on the topic and the controller elects an out-of-sync replica"
            + " when no in-sync one is live";

    private final ControlPlane cluster;
    private final LeaderElections elections;

    public ElectLeadersHandler(ControlPlane cluster, LeaderElections elections) {
        this.cluster = cluster;
        this.elections = elections;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.ELECT_LEADERS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.ELECT_LEADERS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ElectLeadersRequestData data = request.data();
        if (data.electionType() != ElectionType.PREFERRED.value) {
            return CompletableFuture.completedFuture(refuseAll(data, Errors.INVALID_REQUEST, UNCLEAN_REFUSED));
        }
        ElectPreferredLeadersRequest.Builder forward = ElectPreferredLeadersRequest.newBuilder();
        if (data.topicPartitions() != null) {
            data.topicPartitions().forEach(topic -> topic.partitions().forEach(partition -> forward.addPartitions(
                    TopicPartitionRef.newBuilder().setTopic(topic.topic()).setPartition(partition))));
            if (forward.getPartitionsCount() == 0) {
                return CompletableFuture.completedFuture(new ElectLeadersResponseData());
            }
        }
        return elections.electPreferredLeaders(forward.build())
                .thenCompose(response -> cluster.awaitVersion(response.getMetadataVersion())
                        .thenApply(ignored -> respond(response.getResultsList())))
                .exceptionally(failure -> refuseAll(data, KafkaErrors.of(failure), KafkaErrors.message(failure)));
    }

    private static ApiMessage respond(List<PreferredLeaderResult> results) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        for (PreferredLeaderResult result : results) {
            ErrorCode code = result.getErrorCode();
            Errors error = code == ErrorCode.ERROR_CODE_UNSPECIFIED ? Errors.NONE : KafkaErrors.of(code);
            byTopic.computeIfAbsent(result.getTopic(), topic -> new ReplicaElectionResult().setTopic(topic))
                    .partitionResult().add(new PartitionResult().setPartitionId(result.getPartition())
                            .setErrorCode(error.code()).setErrorMessage(error == Errors.NONE ? null : result.getErrorMessage()));
        }
        return new ElectLeadersResponseData().setReplicaElectionResults(new ArrayList<>(byTopic.values()));
    }

    /** Every listed partition answered with {@code error}; with no list, the request-level error code (v1+). */
    private static ApiMessage refuseAll(ElectLeadersRequestData data, Errors error, String message) {
        ElectLeadersResponseData response = new ElectLeadersResponseData();
        if (data.topicPartitions() == null) {
            return response.setErrorCode(error.code());
        }
        data.topicPartitions().forEach(topic -> {
            ReplicaElectionResult result = new ReplicaElectionResult().setTopic(topic.topic());
            topic.partitions().forEach(partition -> result.partitionResult().add(new PartitionResult()
                    .setPartitionId(partition).setErrorCode(error.code()).setErrorMessage(message)));
            response.replicaElectionResults().add(result);
        });
        return response;
    }
}
