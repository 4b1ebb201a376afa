package io.strata.kafka.produce;

import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.FakePartitions;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class DeleteRecordsHandlerTest {

    private final FakeControlPlane controlPlane = new FakeControlPlane(0)
            .node(0, "127.0.0.1:9092", NodeState.NODE_STATE_UP, "")
            .node(2, "leader-host:9094", NodeState.NODE_STATE_UP, "");
    private final FakePartitions partitions = new FakePartitions(controlPlane);
    private final DeleteRecordsHandler handler = new DeleteRecordsHandler(partitions);

    @Test
    void eachPartitionIsAnsweredWithItsLowWatermarkOrItsOwnError() throws Exception {
        controlPlane.topic("mine", 3);
        controlPlane.topic(TopicDescription.newBuilder().setName("theirs").setTopicId(UUID.randomUUID().toString())
                .setReplicationFactor(1)
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(2).setLeaderEpoch(4).addReplicas(2).addIsr(2))
                .build());
        for (int p = 0; p < 3; p++) {
            produce(new TopicPartition("mine", p), 10);
        }
        DeleteRecordsRequestData data = new DeleteRecordsRequestData().setTimeoutMs(1000);
        data.topics().add(topic("mine", 7, -1, 11));
        data.topics().add(topic("theirs", 3));
        data.topics().add(topic("nowhere", 3));

        for (short version = ApiKeys.DELETE_RECORDS.oldestVersion(); version <= ApiKeys.DELETE_RECORDS.latestVersion(); version++) {
            DeleteRecordsResponseData response = Requests.call(handler, new DeleteRecordsRequest.Builder(data).build(version));

            assertThat(response.topics().find("mine").partitions())
                    .extracting(DeleteRecordsPartitionResult::partitionIndex, DeleteRecordsPartitionResult::lowWatermark,
                            DeleteRecordsPartitionResult::errorCode)
                    .containsExactlyInAnyOrder(tuple(0, 7L, Errors.NONE.code()), tuple(1, 10L, Errors.NONE.code()),
                            tuple(2, -1L, Errors.OFFSET_OUT_OF_RANGE.code()));
            assertThat(response.topics().find("theirs").partitions().iterator().next().errorCode())
                    .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
            assertThat(response.topics().find("nowhere").partitions().iterator().next().errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        assertThat(partitions.listOffset(new TopicPartition("mine", 0), -2, Optional.empty()).toCompletableFuture().join())
                .get().extracting(o -> o.offset()).isEqualTo(7L);
    }

    private void produce(TopicPartition partition, int records) {
        SimpleRecord[] values = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            values[i] = new SimpleRecord(("v" + i).getBytes());
        }
        ByteBuffer batch = MemoryRecords.withRecords(Compression.NONE, values).buffer();
        partitions.append(partition, batch, (short) 1, 1000).toCompletableFuture().join();
    }

    /** A topic of the request, asking partition i to be cut at {@code offsets[i]}. */
    private static DeleteRecordsTopic topic(String name, long... offsets) {
        DeleteRecordsTopic topic = new DeleteRecordsTopic().setName(name);
        for (int p = 0; p < offsets.length; p++) {
            topic.partitions().add(new DeleteRecordsPartition().setPartitionIndex(p).setOffset(offsets[p]));
        }
        return topic;
    }
}
