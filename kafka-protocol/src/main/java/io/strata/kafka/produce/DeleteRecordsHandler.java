package io.strata.kafka.produce;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.PartitionAnswers;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DeleteRecords (every version kafka-clients knows), sent by clients to each partition's leader:
 * moves the log start offset up to the requested offset (−1: the high watermark) and answers
 * with the low watermark once every in-sync replica has deleted up to there, or
 * REQUEST_TIMED_OUT after the request's {@code timeout_ms} (the leader has deleted then; the
 * followers follow at their next fetch). OFFSET_OUT_OF_RANGE for an offset past the high
 * watermark, NOT_LEADER_OR_FOLLOWER where this node does not lead: each partition gets its own
 * code from {@link KafkaErrors}. Stateless apart from its backend; thread-safe; never blocks.
 */
final class DeleteRecordsHandler implements KafkaApiHandler {

    private final LocalPartitions partitions;

    DeleteRecordsHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DELETE_RECORDS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DELETE_RECORDS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DeleteRecordsRequestData data = request.data();
        DeleteRecordsResponseData response = new DeleteRecordsResponseData().setThrottleTimeMs(0);
        PartitionAnswers<DeleteRecordsPartitionResult> answers = new PartitionAnswers<>();
        for (DeleteRecordsTopic topic : data.topics()) {
            DeleteRecordsTopicResult answer = new DeleteRecordsTopicResult().setName(topic.name());
            response.topics().add(answer);
            for (DeleteRecordsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                answers.add(answer.partitions(), delete(tp, partition.offset(), data.timeoutMs()));
            }
        }
        return answers.into(response);
    }

    private CompletableFuture<DeleteRecordsPartitionResult> delete(TopicPartition tp, long offset, int timeoutMs) {
        return partitions.deleteRecords(tp, offset, timeoutMs)
                .handle((lowWatermark, failure) -> new DeleteRecordsPartitionResult()
                        .setPartitionIndex(tp.partition())
                        .setLowWatermark(failure == null ? lowWatermark : -1)
                        .setErrorCode(failure == null ? Errors.NONE.code() : KafkaErrors.of(failure).code()))
                .toCompletableFuture();
    }
}
