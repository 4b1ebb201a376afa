package io.strata.kafka.wire;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.testing.ControlledHandler;
import io.strata.kafka.testing.ListenerFixture;
import io.strata.kafka.testing.RawKafkaClient;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Framing, ordering and protocol-level refusals over a real socket. */
class KafkaListenerTest {

    private ListenerFixture fixture;

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFrameOverTheMaximumClosesTheConnectionAndTheListenerKeepsServing() throws Exception {
        fixture = new ListenerFixture(1024, 100, List.of());
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.writeRaw(ByteBuffer.allocate(4).putInt(1025).flip());
            assertThat(client.closedByServer(5000)).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.send(new ApiVersionsRequest.Builder().build((short) 3), 11);
            RawKafkaClient.Response response = client.receive(ApiKeys.API_VERSIONS, (short) 3);
            assertThat(response.correlationId()).isEqualTo(11);
            assertThat(((ApiVersionsResponse) response.body()).data().errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void aTruncatedRequestClosesTheConnection() throws Exception {
        fixture = new ListenerFixture();
        ByteBuffer whole = RequestUtils.serialize(
                new RequestHeaderData().setRequestApiKey(ApiKeys.METADATA.id).setRequestApiVersion((short) 12)
                        .setCorrelationId(5).setClientId("t"), ApiKeys.METADATA.requestHeaderVersion((short) 12),
                new MetadataRequestData().setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("some-topic"))),
                (short) 12);
        int cut = whole.remaining() - 6;
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            ByteBuffer frame = ByteBuffer.allocate(4 + cut).putInt(cut);
            frame.put(whole.slice(0, cut)).flip();
            client.writeRaw(frame);
            assertThat(client.closedByServer(5000)).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.writeRaw(ByteBuffer.allocate(7).putInt(3).put(new byte[]{0, 3, 0}).flip());
            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void anUnknownOrUnservedApiKeyClosesTheConnection() throws Exception {
        fixture = new ListenerFixture();
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.writeRaw(ByteBuffer.allocate(4 + 10).putInt(10).putShort((short) 999).putShort((short) 0).putInt(1)
                    .putShort((short) -1).flip());
            assertThat(client.closedByServer(5000)).isTrue();
        }
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            // DescribeCluster is a real API, but not registered in this fixture.
            client.send(new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 0), 2);
            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void apiVersionsAtAnUnknownVersionIsAnsweredAtV0WithUnsupportedVersionAndTheList() throws Exception {
        fixture = new ListenerFixture();
        byte[] clientId = "future-client".getBytes(StandardCharsets.UTF_8);
        ByteBuffer request = ByteBuffer.allocate(64).putShort(ApiKeys.API_VERSIONS.id).putShort((short) 99).putInt(42)
                .putShort((short) clientId.length).put(clientId).put((byte) 0).put(new byte[]{1, 2, 3}).flip();
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.writeRaw(ByteBuffer.allocate(4 + request.remaining()).putInt(request.remaining()).put(request).flip());
            ByteBuffer frame = client.receiveFrame();
            assertThat(ResponseHeader.parse(frame, (short) 0).correlationId()).isEqualTo(42);
            ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(frame), (short) 0);
            assertThat(data.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id).maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
            assertThat(data.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isEqualTo((short) 0);
        }
    }

    @Test
    void apiVersionsAdvertisesExactlyTheRegisteredApis() throws Exception {
        fixture = new ListenerFixture();
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.send(new ApiVersionsRequest.Builder().build(ApiKeys.API_VERSIONS.latestVersion()), 1);
            ApiVersionsResponseData data = ((ApiVersionsResponse) client.receive(ApiKeys.API_VERSIONS,
                    ApiKeys.API_VERSIONS.latestVersion()).body()).data();
            assertThat(data.apiKeys().stream().map(v -> ApiKeys.forId(v.apiKey())))
                    .containsExactly(ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS, ApiKeys.METADATA,
                            ApiKeys.API_VERSIONS, ApiKeys.DELETE_RECORDS, ApiKeys.INIT_PRODUCER_ID, ApiKeys.OFFSET_FOR_LEADER_EPOCH);
            assertThat(data.apiKeys().find(ApiKeys.FETCH.id).minVersion()).isEqualTo((short) 4);
            assertThat(data.throttleTimeMs()).isZero();
        }
    }

    @Test
    void produceV0IsAdvertisedButClosesTheConnectionOnUseAsInKafka41() throws Exception {
        fixture = new ListenerFixture();
        fixture.controlPlane.topic("legacy", 1);
        ByteBuffer records = MemoryRecords.withRecords(org.apache.kafka.common.record.RecordBatch.MAGIC_VALUE_V0,
                Compression.NONE, new SimpleRecord("x".getBytes())).buffer();
        byte[] topic = "legacy".getBytes(StandardCharsets.UTF_8);
        byte[] clientId = "librdkafka".getBytes(StandardCharsets.UTF_8);
        // Produce v0 as librdkafka would write it: no kafka-clients class can write this version any more.
        ByteBuffer body = ByteBuffer.allocate(256).putShort(ApiKeys.PRODUCE.id).putShort((short) 0).putInt(9)
                .putShort((short) clientId.length).put(clientId)
                .putShort((short) 1).putInt(1000).putInt(1).putShort((short) topic.length).put(topic)
                .putInt(1).putInt(0).putInt(records.remaining()).put(records).flip();
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.writeRaw(ByteBuffer.allocate(4 + body.remaining()).putInt(body.remaining()).put(body).flip());
            assertThat(client.closedByServer(5000)).isTrue();
        }
        assertThat(fixture.partitions.appends()).isZero();
    }

    @Test
    void aKnownApiAtAVersionNotAdvertisedClosesTheConnection() throws Exception {
        fixture = new ListenerFixture();
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            // Fetch v2: Kafka 4 no longer serves it, and neither do we.
            client.writeRaw(ByteBuffer.allocate(4 + 12).putInt(12).putShort(ApiKeys.FETCH.id).putShort((short) 2).putInt(3)
                    .putShort((short) -1).putShort((short) 0).flip());
            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void responsesGoOutInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        fixture = new ListenerFixture(1 << 20, 100, List.of(controlled));
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
            client.send(request, 1);
            client.send(request, 2);
            client.send(request, 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 3);
            controlled.complete(2, "third");
            controlled.complete(1, "second");
            assertThat(client.silentFor(300)).isTrue();
            new Thread(() -> controlled.fail(0, new StrataException(ErrorCode.NOT_LEADER_OR_FOLLOWER, "moved"))).start();
            RawKafkaClient.Response first = client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1);
            RawKafkaClient.Response second = client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1);
            RawKafkaClient.Response third = client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1);
            assertThat(List.of(first.correlationId(), second.correlationId(), third.correlationId())).containsExactly(1, 2, 3);
            assertThat(describe(first).errorCode()).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER.code());
            assertThat(describe(second).clusterId()).isEqualTo("second");
            assertThat(describe(third).clusterId()).isEqualTo("third");
        }
    }

    @Test
    void aGateThatDecidesLaterHandsAConnectionsRequestsOnInArrivalOrderOnItsEventLoop() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        CompletableFuture<Void> firstRead = new CompletableFuture<>();
        AtomicInteger gated = new AtomicInteger();
        // As the ACL gate before its first read of the ACLs: every request waits for one read.
        RequestGate waitsForARead = (request, handler) -> {
            gated.incrementAndGet();
            return firstRead.thenCompose(v -> handler.handle(request));
        };
        fixture = new ListenerFixture(1 << 20, 100, List.of(controlled), waitsForARead);
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
            for (int i = 1; i <= 3; i++) {
                client.send(request, i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> gated.get() >= 1);
            // The later requests wait at the connection rather than behind the read.
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> gated.get() == 1);
            new Thread(() -> firstRead.complete(null)).start();
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 3);
            assertThat(controlled.correlationIds()).containsExactly(1, 2, 3);
            assertThat(controlled.threads()).hasSize(1).allSatisfy(t -> assertThat(t).contains("eventloop"));
            for (int i = 0; i < 3; i++) {
                controlled.complete(i, "c" + i);
            }
            for (int i = 1; i <= 3; i++) {
                assertThat(client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1).correlationId()).isEqualTo(i);
            }
        }
    }

    @Test
    void aRequestItsGateRefusesLaterLetsTheNextOneThrough() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        CompletableFuture<Void> firstRead = new CompletableFuture<>();
        RequestGate refusesTheFirst = (request, handler) -> request.header().correlationId() == 1
                ? firstRead.thenCompose(v -> CompletableFuture.failedFuture(
                        new org.apache.kafka.common.errors.ClusterAuthorizationException("not you")))
                : handler.handle(request);
        fixture = new ListenerFixture(1 << 20, 100, List.of(controlled), refusesTheFirst);
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
            client.send(request, 1);
            client.send(request, 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> controlled.calls() == 0);
            new Thread(() -> firstRead.complete(null)).start();
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 1);
            controlled.complete(0, "second");
            RawKafkaClient.Response first = client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1);
            assertThat(first.correlationId()).isEqualTo(1);
            assertThat(describe(first).errorCode()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED.code());
            RawKafkaClient.Response second = client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1);
            assertThat(second.correlationId()).isEqualTo(2);
            assertThat(describe(second).clusterId()).isEqualTo("second");
        }
    }

    @Test
    void readingPausesWhileTooManyRequestsAreInFlight() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        fixture = new ListenerFixture(1 << 20, 2, List.of(controlled));
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
            for (int i = 0; i < 4; i++) {
                client.send(request, i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 2);
            Thread.sleep(300);
            assertThat(controlled.calls()).isEqualTo(2);
            controlled.complete(0, "a");
            controlled.complete(1, "b");
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 4);
            controlled.complete(2, "c");
            controlled.complete(3, "d");
            for (int i = 0; i < 4; i++) {
                assertThat(client.receive(ApiKeys.DESCRIBE_CLUSTER, (short) 1).correlationId()).isEqualTo(i);
            }
        }
    }

    @Test
    void connectionsAreSpreadOverTheListenersEventLoops() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        fixture = new ListenerFixture(1 << 20, 100, List.of(controlled));
        List<RawKafkaClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                RawKafkaClient client = new RawKafkaClient(fixture.port);
                clients.add(client);
                client.send(new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1), i);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> controlled.calls() == 8);
            assertThat(controlled.threads()).hasSizeGreaterThan(1).allSatisfy(t -> assertThat(t).contains("eventloop"));
        } finally {
            for (RawKafkaClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void produceWithAcksZeroIsAppendedAndNeverAnswered() throws Exception {
        fixture = new ListenerFixture();
        fixture.controlPlane.topic("quiet", 1);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(1000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("quiet").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("fire-and-forget".getBytes()))))));
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.send(ProduceRequest.builder(data).build((short) 9), 1);
            client.send(new MetadataRequest.Builder(List.of("quiet"), false).build((short) 12), 2);
            RawKafkaClient.Response next = client.receive(ApiKeys.METADATA, (short) 12);
            assertThat(next.correlationId()).isEqualTo(2);
            assertThat(((MetadataResponse) next.body()).topicMetadata()).hasSize(1);
            assertThat(client.silentFor(200)).isTrue();
        }
        assertThat(fixture.partitions.values(new org.apache.kafka.common.TopicPartition("quiet", 0))).containsExactly("fire-and-forget");
    }

    @Test
    void produceWithAcksZeroThatFailsClosesTheConnection() throws Exception {
        fixture = new ListenerFixture();
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 0).setTimeoutMs(1000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("missing").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(
                        MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("lost".getBytes()))))));
        try (RawKafkaClient client = new RawKafkaClient(fixture.port)) {
            client.send(ProduceRequest.builder(data).build((short) 9), 1);
            assertThat(client.closedByServer(5000)).isTrue();
        }
    }

    private static DescribeClusterResponseData describe(RawKafkaClient.Response response) {
        return (DescribeClusterResponseData) response.body().data();
    }
}
