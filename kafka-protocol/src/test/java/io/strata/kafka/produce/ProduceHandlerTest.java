package io.strata.kafka.produce;

import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.metadata.TopicIds;
import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.FakePartitions;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProduceHandlerTest {

    private final FakeControlPlane controlPlane = new FakeControlPlane(0)
            .node(0, "127.0.0.1:9092", NodeState.NODE_STATE_UP, "")
            .node(2, "leader-host:9094", NodeState.NODE_STATE_UP, "");
    private final FakePartitions partitions = new FakePartitions(controlPlane);
    private final ProduceHandler handler = new ProduceHandler(partitions, controlPlane);

    @Test
    void partitionsOfOneRequestAreAnsweredEachWithItsOwnOutcome() throws Exception {
        controlPlane.topic("mine", 2);
        controlPlane.topic(TopicDescription.newBuilder().setName("theirs").setTopicId(UUID.randomUUID().toString())
                .setReplicationFactor(1)
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(2).setLeaderEpoch(9).addReplicas(2).addIsr(2))
                .build());
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000);
        data.topicData().add(topic("mine", Uuid.ZERO_UUID, 0, 1));
        data.topicData().add(topic("theirs", Uuid.ZERO_UUID, 0));
        data.topicData().add(topic("nowhere", Uuid.ZERO_UUID, 0));
        ProduceResponseData response = Requests.call(handler, ProduceRequest.builder(data).build((short) 12));

        List<PartitionProduceResponse> mine = response.responses().find("mine", Uuid.ZERO_UUID).partitionResponses();
        assertThat(mine).extracting(PartitionProduceResponse::index, PartitionProduceResponse::errorCode, PartitionProduceResponse::baseOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, Errors.NONE.code(), 0L),
                        org.assertj.core.groups.Tuple.tuple(1, Errors.NONE.code(), 0L));
        assertThat(mine.get(0).logAppendTimeMs()).isEqualTo(-1);

        PartitionProduceResponse theirs = response.responses().find("theirs", Uuid.ZERO_UUID).partitionResponses().get(0);
        assertThat(theirs.errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(theirs.currentLeader().leaderId()).isEqualTo(2);
        assertThat(theirs.currentLeader().leaderEpoch()).isEqualTo(9);
        assertThat(response.nodeEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.nodeId()).isEqualTo(2);
            assertThat(e.host()).isEqualTo("leader-host");
            assertThat(e.port()).isEqualTo(9094);
        });
        assertThat(response.responses().find("nowhere", Uuid.ZERO_UUID).partitionResponses().get(0).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void v13NamesTopicsById() throws Exception {
        TopicDescription topic = controlPlane.topic("by-id", 1);
        Uuid id = TopicIds.toKafka(topic.getTopicId());
        Uuid unknown = Uuid.randomUuid();
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        data.topicData().add(topic(null, id, 0));
        data.topicData().add(topic(null, unknown, 0));
        ProduceResponseData response = Requests.call(handler, ProduceRequest.builder(data).build((short) 13));
        assertThat(response.responses().find(null, id).partitionResponses().get(0).errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.responses().find(null, unknown).partitionResponses().get(0).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(partitions.values(new org.apache.kafka.common.TopicPartition("by-id", 0))).containsExactly("v");
    }

    @Test
    void initProducerIdHandsOutIdsAtEpochZeroAndRefusesTransactionalIds() throws Exception {
        InitProducerIdHandler init = new InitProducerIdHandler(new ProducerIdBlocks(controlPlane, 0));
        short version = ApiKeys.INIT_PRODUCER_ID.latestVersion();
        InitProducerIdResponseData first = Requests.call(init, new InitProducerIdRequest.Builder(
                new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60000)).build(version));
        InitProducerIdResponseData second = Requests.call(init, new InitProducerIdRequest.Builder(
                new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60000)
                        .setProducerId(first.producerId()).setProducerEpoch((short) 0)).build(version));
        assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(first.producerEpoch()).isZero();
        assertThat(second.producerId()).isNotEqualTo(first.producerId());
        InitProducerIdResponseData transactional = Requests.call(init, new InitProducerIdRequest.Builder(
                new InitProducerIdRequestData().setTransactionalId("tx-1").setTransactionTimeoutMs(60000)).build(version));
        assertThat(transactional.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
    }

    private static ProduceRequestData.TopicProduceData topic(String name, Uuid id, int... partitionIndexes) {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName(name).setTopicId(id);
        for (int index : partitionIndexes) {
            topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(index)
                    .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))));
        }
        return topic;
    }
}
