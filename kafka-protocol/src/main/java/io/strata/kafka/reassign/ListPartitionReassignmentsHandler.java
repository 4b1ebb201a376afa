package io.strata.kafka.reassign;

import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.OngoingReassignment;
import io.strata.api.v1.TopicPartitionRef;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.PartitionMoves;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ListPartitionReassignments (v0): the moves in progress, of the named partitions or (topics null)
 * of the whole cluster, with their replicas, adding and removing replicas, from the metadata
 * service. A partition that is not moving is left out, as Kafka does. Stateless.
 */
public final class ListPartitionReassignmentsHandler implements KafkaApiHandler {

    private final PartitionMoves moves;

    public ListPartitionReassignmentsHandler(PartitionMoves moves) {
        this.moves = moves;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ListPartitionReassignmentsRequestData data = request.data();
        ListPartitionReassignmentsRequest.Builder forward = ListPartitionReassignmentsRequest.newBuilder();
        if (data.topics() != null) {
            for (ListPartitionReassignmentsTopics topic : data.topics()) {
                topic.partitionIndexes().forEach(p -> forward.addPartitions(
                        TopicPartitionRef.newBuilder().setTopic(topic.name()).setPartition(p)));
            }
            if (forward.getPartitionsCount() == 0) { // topics named without partitions: nothing asked for
                return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponseData());
            }
        }
        return moves.listReassignments(forward.build()).handle((response, failure) -> {
            ListPartitionReassignmentsResponseData answer = new ListPartitionReassignmentsResponseData();
            if (failure != null) {
                return answer.setErrorCode(KafkaErrors.of(failure).code()).setErrorMessage(KafkaErrors.message(failure));
            }
            Map<String, OngoingTopicReassignment> topics = new LinkedHashMap<>();
            for (OngoingReassignment moving : response.getReassignmentsList()) {
                topics.computeIfAbsent(moving.getTopic(), name -> new OngoingTopicReassignment().setName(name))
                        .partitions().add(new OngoingPartitionReassignment().setPartitionIndex(moving.getPartition())
                                .setReplicas(moving.getReplicasList()).setAddingReplicas(moving.getAddingReplicasList())
                                .setRemovingReplicas(moving.getRemovingReplicasList()));
            }
            answer.topics().addAll(topics.values());
            return answer;
        });
    }
}
