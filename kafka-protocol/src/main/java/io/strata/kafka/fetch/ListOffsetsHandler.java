package io.strata.kafka.fetch;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.PartitionAnswers;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.kafka.backend.LocalPartitions.TimestampedOffset;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.RequestUtils;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ListOffsets (v1 to the newest kafka-clients knows) from this node's leader replicas, all
 * partitions at once: −1 latest (the high watermark: with no transactions that is also the last
 * stable offset read_committed asks for), −2 earliest, −3 the largest timestamp, ≥ 0 the first
 * offset at or after a time. Strata has no tiered storage, so −4 (earliest local) is −2 and −5
 * (latest tiered) finds nothing. Nothing found is offset −1, timestamp −1. Errors per partition
 * from {@link KafkaErrors}. Stateless apart from its backend; thread-safe; never blocks.
 */
final class ListOffsetsHandler implements KafkaApiHandler {

    private final LocalPartitions partitions;

    ListOffsetsHandler(LocalPartitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public short minVersion() {
        return (short) Math.max(1, ApiKeys.LIST_OFFSETS.oldestVersion());
    }

    @Override
    public short maxVersion() {
        return ApiKeys.LIST_OFFSETS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        ListOffsetsRequestData data = request.data();
        ListOffsetsResponseData response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        // Leader epochs exist from v4 on; an older version cannot carry one (only the default, −1).
        boolean withEpoch = request.version() >= 4;
        PartitionAnswers<ListOffsetsPartitionResponse> answers = new PartitionAnswers<>();
        for (ListOffsetsTopic topic : data.topics()) {
            ListOffsetsTopicResponse answer = new ListOffsetsTopicResponse().setName(topic.name());
            response.topics().add(answer);
            for (ListOffsetsPartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                answers.add(answer.partitions(), list(tp, partition)
                        .thenApply(found -> withEpoch ? found : found.setLeaderEpoch(-1)));
            }
        }
        return answers.into(response);
    }

    private CompletableFuture<ListOffsetsPartitionResponse> list(TopicPartition tp, ListOffsetsPartition partition) {
        long timestamp = partition.timestamp();
        if (timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            timestamp = ListOffsetsRequest.EARLIEST_TIMESTAMP;
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            return CompletableFuture.completedFuture(found(tp, Optional.empty()));
        }
        return partitions.listOffset(tp, timestamp, RequestUtils.getLeaderEpoch(partition.currentLeaderEpoch()))
                .handle((offset, failure) -> failure == null ? found(tp, offset) : new ListOffsetsPartitionResponse()
                        .setPartitionIndex(tp.partition())
                        .setErrorCode(KafkaErrors.of(failure).code())
                        .setOffset(-1).setTimestamp(-1).setLeaderEpoch(-1))
                .toCompletableFuture();
    }

    private static ListOffsetsPartitionResponse found(TopicPartition tp, Optional<TimestampedOffset> offset) {
        ListOffsetsPartitionResponse answer = new ListOffsetsPartitionResponse().setPartitionIndex(tp.partition())
                .setErrorCode(Errors.NONE.code());
        return offset.map(o -> answer.setOffset(o.offset()).setTimestamp(o.timestamp()).setLeaderEpoch(o.leaderEpoch()))
                .orElseGet(() -> answer.setOffset(-1).setTimestamp(-1).setLeaderEpoch(-1));
    }
}
