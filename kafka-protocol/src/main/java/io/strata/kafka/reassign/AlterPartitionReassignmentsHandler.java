package io.strata.kafka.reassign;

import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.ReassignmentResult;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.PartitionMoves;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
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
 * AlterPartitionReassignments (v0–v1, KIP-455): each partition's replicas moved to the listed
 * nodes, or (replicas null) its move cancelled, with one metadata-service call for the whole
 * request; answered per partition, once this node's view has the change. With v1's
 * {@code allowReplicationFactorChange=false} (KIP-860) a target of another size than the
 * partition's (target) replica count is refused here with INVALID_REPLICATION_FACTOR; the other
 * checks are the service's. Stateless.
 */
public final class AlterPartitionReassignmentsHandler implements KafkaApiHandler {

    private final ControlPlane cluster;
    private final PartitionMoves moves;

    public AlterPartitionReassignmentsHandler(ControlPlane cluster, PartitionMoves moves) {
        this.cluster = cluster;
        this.moves = moves;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        AlterPartitionReassignmentsRequestData data = request.data();
        Map<String, ReassignablePartitionResponse> refusedHere = new LinkedHashMap<>();
        AlterPartitionReassignmentsRequest.Builder forward = AlterPartitionReassignmentsRequest.newBuilder();
        for (ReassignableTopic topic : data.topics()) {
            for (ReassignablePartition partition : topic.partitions()) {
                String key = topic.name() + "-" + partition.partitionIndex();
                String sizeProblem = data.allowReplicationFactorChange() ? null : sizeChange(topic.name(), partition);
                if (sizeProblem != null) {
                    refusedHere.put(key, answer(partition.partitionIndex(), Errors.INVALID_REPLICATION_FACTOR, sizeProblem));
                    continue;
                }
                PartitionReassignment.Builder one = PartitionReassignment.newBuilder().setTopic(topic.name())
                        .setPartition(partition.partitionIndex());
                if (partition.replicas() == null) {
                    one.setCancel(true);
                } else {
                    one.addAllTargetReplicas(partition.replicas());
                }
                forward.addReassignments(one);
            }
        }
        CompletionStage<Map<String, ReassignablePartitionResponse>> answered = forward.getReassignmentsCount() == 0
                ? CompletableFuture.completedFuture(Map.of())
                : moves.alterReassignments(forward.build()).thenCompose(response ->
                        cluster.awaitVersion(response.getMetadataVersion()).thenApply(ignored -> byPartition(response.getResultsList())));
        return answered.handle((results, failure) -> respond(data, refusedHere, results, failure));
    }

    /** Why a target of another size is refused without allowReplicationFactorChange, or null when it is not. */
    private String sizeChange(String topic, ReassignablePartition partition) {
        if (partition.replicas() == null) {
            return null;
        }
        ClusterMetadata metadata = cluster.metadata();
        try {
            PartitionDescription current = metadata.partition(topic, partition.partitionIndex());
            int size = current.getReplicasCount() - current.getRemovingReplicasCount();
            return size == partition.replicas().size() ? null : "replicas: " + partition.replicas() + " would change the"
                    + " replication factor of " + topic + "-" + partition.partitionIndex() + " from " + size
                    + " and allowReplicationFactorChange is false";
        } catch (StrataException unknown) {
            return null; // the service names the unknown partition
        }
    }

    private static Map<String, ReassignablePartitionResponse> byPartition(List<ReassignmentResult> results) {
        Map<String, ReassignablePartitionResponse> answers = new LinkedHashMap<>();
        for (ReassignmentResult result : results) {
            ErrorCode code = result.getErrorCode();
            Errors error = code == ErrorCode.ERROR_CODE_UNSPECIFIED ? Errors.NONE : KafkaErrors.of(code);
            answers.put(result.getTopic() + "-" + result.getPartition(),
                    answer(result.getPartition(), error, error == Errors.NONE ? null : result.getErrorMessage()));
        }
        return answers;
    }

    private static ApiMessage respond(AlterPartitionReassignmentsRequestData data,
                                      Map<String, ReassignablePartitionResponse> refusedHere,
                                      Map<String, ReassignablePartitionResponse> results, Throwable failure) {
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setAllowReplicationFactorChange(data.allowReplicationFactorChange());
        Errors callError = failure == null ? Errors.NONE : KafkaErrors.of(failure);
        List<ReassignableTopicResponse> topics = new ArrayList<>();
        for (ReassignableTopic topic : data.topics()) {
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(topic.name());
            for (ReassignablePartition partition : topic.partitions()) {
                String key = topic.name() + "-" + partition.partitionIndex();
                ReassignablePartitionResponse one = refusedHere.containsKey(key) ? refusedHere.get(key)
                        : failure != null ? answer(partition.partitionIndex(), callError, KafkaErrors.message(failure))
                        : results.getOrDefault(key, answer(partition.partitionIndex(), Errors.NONE, null));
                topicResponse.partitions().add(one);
            }
            topics.add(topicResponse);
        }
        return response.setResponses(topics);
    }

    private static ReassignablePartitionResponse answer(int partition, Errors error, String message) {
        return new ReassignablePartitionResponse().setPartitionIndex(partition).setErrorCode(error.code())
                .setErrorMessage(message);
    }
}
