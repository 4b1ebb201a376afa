package io.strata.kafka.fetch;

import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.metadata.TopicIds;
import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.FakePartitions;
import io.strata.kafka.testing.Requests;
import io.vertx.core.Vertx;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetch, ListOffsets and OffsetForLeaderEpoch called directly, against the fakes. */
class FetchHandlerTest {

    private Vertx vertx;
    private FakeControlPlane controlPlane;
    private FakePartitions partitions;
    private FetchHandler fetch;
    private TopicDescription topic;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        controlPlane = new FakeControlPlane(0).node(0, "127.0.0.1:9092", NodeState.NODE_STATE_UP, "")
                .node(1, "other:9093", NodeState.NODE_STATE_UP, "rack-b");
        partitions = new FakePartitions(controlPlane);
        fetch = new FetchHandler(vertx, partitions, controlPlane);
        topic = controlPlane.topic("events", 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFetchWithoutDataWaitsForAnAppendAndAnswersWithIt() throws Exception {
        CompletableFuture<ApiMessage> pending = fetch.handle(Requests.of(fetchRequest(TopicIds.toKafka(topic.getTopicId()), 0, 5000)))
                .toCompletableFuture();
        Thread.sleep(200);
        assertThat(pending).isNotDone();
        append("events", "late");
        FetchResponseData response = (FetchResponseData) pending.get(2, TimeUnit.SECONDS);
        PartitionData partition = response.responses().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.highWatermark()).isEqualTo(1);
        assertThat(partition.lastStableOffset()).isEqualTo(1);
        assertThat(partition.abortedTransactions()).isEmpty();
        assertThat(partition.preferredReadReplica()).isEqualTo(-1);
        assertThat(response.sessionId()).isZero();
        assertThat(((MemoryRecords) partition.records()).records().iterator().next().offset()).isZero();
    }

    @Test
    void aFetchWithoutDataAnswersEmptyAtMaxWait() throws Exception {
        long start = System.nanoTime();
        FetchResponseData response = Requests.call(fetch, fetchRequest(TopicIds.toKafka(topic.getTopicId()), 0, 150));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(140);
        PartitionData partition = response.responses().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(partition.records().sizeInBytes()).isZero();
        assertThat(partition.highWatermark()).isZero();
    }

    @Test
    void notLeaderCarriesTheCurrentLeaderAndItsEndpoint() throws Exception {
        TopicDescription elsewhere = controlPlane.topic(TopicDescription.newBuilder().setName("elsewhere")
                .setTopicId(UUID.randomUUID().toString()).setReplicationFactor(1)
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(1).setLeaderEpoch(5).addReplicas(1).addIsr(1))
                .build());
        FetchResponseData response = Requests.call(fetch, fetchRequest(TopicIds.toKafka(elsewhere.getTopicId()), 0, 1000));
        PartitionData partition = response.responses().get(0).partitions().get(0);
        assertThat(partition.errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
        assertThat(partition.currentLeader().leaderId()).isEqualTo(1);
        assertThat(partition.currentLeader().leaderEpoch()).isEqualTo(5);
        assertThat(response.nodeEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.nodeId()).isEqualTo(1);
            assertThat(e.host()).isEqualTo("other");
            assertThat(e.port()).isEqualTo(9093);
            assertThat(e.rack()).isEqualTo("rack-b");
        });
    }

    @Test
    void anUnknownTopicIdAndAnOffsetOutOfRangeAreAnsweredPerPartitionAtOnce() throws Exception {
        assertThat(partitionOf(Requests.call(fetch, fetchRequest(Uuid.randomUuid(), 0, 5000))).errorCode())
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
        assertThat(partitionOf(Requests.call(fetch, fetchRequest(TopicIds.toKafka(topic.getTopicId()), 7, 5000))).errorCode())
                .isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
    }

    @Test
    void anIncrementalFetchOnASessionIsRefusedSinceNoneIsEverCreated() throws Exception {
        FetchRequest request = fetchRequest(TopicIds.toKafka(topic.getTopicId()), 0, 0);
        request.data().setSessionId(12).setSessionEpoch(3);
        FetchResponseData response = Requests.call(fetch, request);
        assertThat(response.errorCode()).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND.code());
    }

    @Test
    void listOffsetsAnswersEarliestLatestMaxTimestampAndByTime() throws Exception {
        append("events", "a", 1000);
        append("events", "b", 2000);
        ListOffsetsHandler handler = new ListOffsetsHandler(partitions);
        assertThat(listOffset(handler, "events", ListOffsetsRequest.EARLIEST_TIMESTAMP).offset()).isZero();
        assertThat(listOffset(handler, "events", ListOffsetsRequest.LATEST_TIMESTAMP).offset()).isEqualTo(2);
        assertThat(listOffset(handler, "events", ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP).offset()).isZero();
        assertThat(listOffset(handler, "events", ListOffsetsRequest.MAX_TIMESTAMP).offset()).isEqualTo(1);
        assertThat(listOffset(handler, "events", 1500).offset()).isEqualTo(1);
        assertThat(listOffset(handler, "events", 1500).timestamp()).isEqualTo(2000);
        ListOffsetsPartitionResponse future = listOffset(handler, "events", Long.MAX_VALUE - 1);
        assertThat(future.offset()).isEqualTo(-1);
        assertThat(future.timestamp()).isEqualTo(-1);
        assertThat(listOffset(handler, "missing", -1).errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
    }

    @Test
    void listOffsetsAnswersAtEveryVersionItAdvertises() throws Exception {
        append("events", "a", 1000);
        ListOffsetsHandler handler = new ListOffsetsHandler(partitions);
        for (short version = handler.minVersion(); version <= handler.maxVersion(); version++) {
            ListOffsetsRequest request = ListOffsetsRequest.Builder.forConsumer(true, IsolationLevel.READ_UNCOMMITTED)
                    .setTargetTimes(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName("events").setPartitions(List.of(
                            new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0)
                                    .setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP).setCurrentLeaderEpoch(-1)))))
                    .build(version);
            ListOffsetsResponseData response = Requests.call(handler, request);
            assertThat(response.topics().get(0).partitions().get(0).offset()).as("v%d", version).isEqualTo(1);
        }
    }

    @Test
    void offsetForLeaderEpochAnswersTheEndOfTheEpoch() throws Exception {
        append("events", "a");
        OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("events").setPartitions(List.of(
                new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(0).setCurrentLeaderEpoch(0))));
        OffsetForLeaderEpochResponseData response = Requests.call(new OffsetForLeaderEpochHandler(partitions),
                OffsetsForLeaderEpochRequest.Builder.forConsumer(topics).build(ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion()));
        OffsetForLeaderEpochResponseData.EpochEndOffset end = response.topics().find("events").partitions().get(0);
        assertThat(end.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(end.leaderEpoch()).isZero();
        assertThat(end.endOffset()).isEqualTo(1);
    }

    private ListOffsetsPartitionResponse listOffset(KafkaApiHandler handler, String name, long timestamp) throws Exception {
        ListOffsetsRequest request = ListOffsetsRequest.Builder.forConsumer(true, IsolationLevel.READ_COMMITTED)
                .setTargetTimes(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(name).setPartitions(List.of(
                        new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(timestamp)
                                .setCurrentLeaderEpoch(-1)))))
                .build(ApiKeys.LIST_OFFSETS.latestVersion());
        ListOffsetsResponseData response = Requests.call(handler, request);
        return response.topics().get(0).partitions().get(0);
    }

    private static PartitionData partitionOf(FetchResponseData response) {
        return response.responses().get(0).partitions().get(0);
    }

    private void append(String name, String value) throws Exception {
        append(name, value, System.currentTimeMillis());
    }

    private void append(String name, String value, long timestamp) throws Exception {
        partitions.append(new TopicPartition(name, 0), MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(timestamp, value.getBytes())).buffer(), (short) -1, 1000)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static FetchRequest fetchRequest(Uuid topicId, long offset, int maxWaitMs) {
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(1)
                .setMaxBytes(1 << 20).setIsolationLevel(IsolationLevel.READ_COMMITTED.id()).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(List.of(
                        new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset).setPartitionMaxBytes(1 << 16)
                                .setCurrentLeaderEpoch(-1)))));
        return new FetchRequest(data, ApiKeys.FETCH.latestVersion());
    }
}
