package io.strata.kafka.fetch;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.PartitionAnswers;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OffsetForLeaderEpoch as consumers use it (KIP-320: after a leader change, to detect a truncated
 * log): the end offset of an epoch in the leader's log, from {@link LocalPartitions#endOffsetForEpoch}.
 * Strata's followers replicate over gRPC, so {@code replica_id} is always the consumer's −1 here.
 * Errors per partition from {@link KafkaErrors}, with epoch −1 and end offset −1. Stateless apart
 * from its backend; thread-safe; never blocks.
 */
final class OffsetForLeaderEpochHandler implements KafkaApiHandler {

    private final LocalPartitions partitions;

    OffsetForLeaderEpochHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short minVersion() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        OffsetForLeaderEpochRequestData data = request.data();
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData().setThrottleTimeMs(0);
        PartitionAnswers<EpochEndOffset> answers = new PartitionAnswers<>();
        for (OffsetForLeaderTopic topic : data.topics()) {
            OffsetForLeaderTopicResult answer = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            response.topics().add(answer);
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                answers.add(answer.partitions(), endOffset(new TopicPartition(topic.topic(), partition.partition()), partition));
            }
        }
        return answers.into(response);
    }

    private CompletableFuture<EpochEndOffset> endOffset(TopicPartition tp, OffsetForLeaderPartition partition) {
        return partitions.endOffsetForEpoch(tp, RequestUtils.getLeaderEpoch(partition.currentLeaderEpoch()), partition.leaderEpoch())
                .handle((end, failure) -> failure == null
                        ? new EpochEndOffset().setPartition(tp.partition()).setErrorCode(Errors.NONE.code())
                                .setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset())
                        : new EpochEndOffset().setPartition(tp.partition()).setErrorCode(KafkaErrors.of(failure).code())
                                .setLeaderEpoch(-1).setEndOffset(-1))
                .toCompletableFuture();
    }
}
