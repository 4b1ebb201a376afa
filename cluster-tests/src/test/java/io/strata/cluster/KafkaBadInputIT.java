package io.strata.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes that no well-behaved client sends, on raw sockets to one node's Kafka listener, answered as
 * an Apache Kafka broker answers them: frames larger than {@code strata.node.kafka.max-frame-bytes},
 * truncated frames, unknown API keys, unparsable bodies and unsupported versions close the
 * connection (ApiVersions at an unsupported version is answered with UNSUPPORTED_VERSION, so that
 * clients can downgrade); Metadata for a missing topic with auto-creation off answers
 * UNKNOWN_TOPIC_OR_PARTITION and creates nothing. After each, an unmodified KafkaProducer still
 * writes through the same node.
 *
 * <p>The requests are encoded with kafka-clients' own classes (4.1.2, what this build uses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaBadInputIT {

    private static final int NODE = 1;
    private static final int MAX_FRAME_BYTES = 104_857_600;
    private static final String CHECK_TOPIC = "bad-input-check";
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

    private final AtomicInteger correlation = new AtomicInteger(1);
    private TestCluster cluster;
    private int port;
    private Admin admin;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.kafka.auto-create-topics", "false")
                .startCore();
        port = cluster.kafkaPort(NODE);
        admin = KafkaTestClients.admin(cluster.kafkaBootstrap());
        KafkaTestClients.createTopic(admin, CHECK_TOPIC, 1, 3, Map.of());
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** After each bad input: the node is alive and a new producer bootstrapped from it alone writes (acks=all). */
    @AfterEach
    void aProducerStillWritesThroughTheSameNode() throws Exception {
        assertThat(cluster.process(ElectionAwaits.service(NODE)).isAlive()).as("node " + NODE + " alive").isTrue();
        Map<String, Object> config = KafkaTestClients.producerConfig("127.0.0.1:" + port);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            RecordMetadata written = producer.send(new ProducerRecord<>(CHECK_TOPIC, "k", "still-works"))
                    .get(60, TimeUnit.SECONDS);
            assertThat(written.offset()).isNotNegative();
        }
    }

    @Test
    void aFrameAnnouncingMoreThanTheMaximumClosesTheConnection() throws IOException {
        try (Wire wire = new Wire(port)) {
            wire.out.writeInt(MAX_FRAME_BYTES + 1);
            wire.out.write(new byte[1024]);
            wire.out.flush();
            wire.assertClosedByPeer();
        }
    }

    @Test
    void aFrameWithANegativeSizeClosesTheConnection() throws IOException {
        try (Wire wire = new Wire(port)) {
            wire.out.writeInt(-1);
            wire.out.write(new byte[64]);
            wire.out.flush();
            wire.assertClosedByPeer();
        }
    }

    @Test
    void aTruncatedFrameFollowedByEndOfStreamClosesTheConnection() throws IOException {
        ByteBuffer request = metadataRequest(List.of(CHECK_TOPIC), ApiKeys.METADATA.latestVersion());
        try (Wire wire = new Wire(port)) {
            wire.out.writeInt(request.remaining());
            wire.out.write(request.array(), request.arrayOffset() + request.position(), request.remaining() / 2);
            wire.out.flush();
            wire.socket.shutdownOutput();
            wire.assertClosedByPeer();
        }
    }

    @Test
    void anUnknownApiKeyClosesTheConnection() throws IOException {
        byte[] clientId = "bad-input".getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(2 + 2 + 4 + 2 + clientId.length + 8);
        frame.putShort((short) 999).putShort((short) 0).putInt(correlation.getAndIncrement())
                .putShort((short) clientId.length).put(clientId).putLong(0L).flip();
        try (Wire wire = new Wire(port)) {
            wire.send(frame);
            wire.assertClosedByPeer();
        }
    }

    @Test
    void aKnownApiWithAnUnparsableBodyClosesTheConnection() throws IOException {
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, (short) 9, "bad-input", correlation.getAndIncrement());
        ByteBuffer headerOnly = RequestUtils.serialize(header.data(), header.headerVersion(),
                new ApiVersionsRequestData(), (short) 0);
        ByteBuffer frame = ByteBuffer.allocate(headerOnly.remaining() + 16);
        frame.put(headerOnly);
        for (int i = 0; i < 16; i++) {
            frame.put((byte) 0xff);
        }
        frame.flip();
        try (Wire wire = new Wire(port)) {
            wire.send(frame);
            wire.assertClosedByPeer();
        }
    }

    @Test
    void anUnsupportedVersionOfApiVersionsIsAnsweredWithUnsupportedVersion() throws IOException {
        int id = correlation.getAndIncrement();
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, (short) 99, "bad-input", id);
        ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(),
                new ApiVersionsRequestData().setClientSoftwareName("strata-it").setClientSoftwareVersion("1"), (short) 3);
        try (Wire wire = new Wire(port)) {
            wire.send(request);
            ByteBuffer response = wire.receive();
            // Kafka answers in version 0 (response header v0: the correlation id only), so that any client can read it.
            assertThat(response.getInt()).as("correlation id").isEqualTo(id);
            ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertThat(data.errorCode()).as("error code").isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(data.errorCode()).isEqualTo((short) 35);
            ApiVersionsResponseData.ApiVersion apiVersions = data.apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(apiVersions).as("the ApiVersions range, for the client to downgrade").isNotNull();
            assertThat(apiVersions.minVersion()).isEqualTo((short) 0);
            assertThat(apiVersions.maxVersion()).isGreaterThanOrEqualTo((short) 3);
        }
    }

    @Test
    void anUnsupportedVersionOfMetadataClosesTheConnection() throws IOException {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, (short) 99, "bad-input", correlation.getAndIncrement());
        ByteBuffer request = RequestUtils.serialize(header.data(), header.headerVersion(),
                MetadataRequest.Builder.allTopics().build(ApiKeys.METADATA.latestVersion()).data(),
                ApiKeys.METADATA.latestVersion());
        try (Wire wire = new Wire(port)) {
            wire.send(request);
            wire.assertClosedByPeer();
        }
    }

    @Test
    void metadataForAMissingTopicWithAutoCreationOffIsUnknownTopicOrPartition() throws Exception {
        short version = supportedVersion(ApiKeys.METADATA);
        String missing = "no-such-topic";
        int id = correlation.getAndIncrement();
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, version, "bad-input", id);
        MetadataRequest request = new MetadataRequest.Builder(List.of(missing), true).build(version);
        try (Wire wire = new Wire(port)) {
            wire.send(request.serializeWithHeader(header));
            MetadataResponse response = (MetadataResponse) AbstractResponse.parseResponse(wire.receive(), header);
            MetadataResponseData.MetadataResponseTopic topic = response.data().topics().find(missing);
            assertThat(topic).as("topic " + missing + " in the answer (Metadata v" + version + ")").isNotNull();
            assertThat(topic.errorCode()).as("error of " + missing).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(topic.errorCode()).isEqualTo((short) 3);
            assertThat(response.data().brokers()).hasSize(3);
        }
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as("topics after Metadata for " + missing)
                .doesNotContain(missing);
    }

    /** The highest version of {@code api} that both this kafka-clients and the node support, from a real ApiVersions exchange. */
    private short supportedVersion(ApiKeys api) throws IOException {
        short apiVersionsVersion = ApiKeys.API_VERSIONS.latestVersion();
        int id = correlation.getAndIncrement();
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, apiVersionsVersion, "bad-input", id);
        ApiVersionsRequest request = new ApiVersionsRequest.Builder().build(apiVersionsVersion);
        try (Wire wire = new Wire(port)) {
            wire.send(request.serializeWithHeader(header));
            ByteBuffer response = wire.receive();
            assertThat(response.getInt()).isEqualTo(id);
            ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(response), apiVersionsVersion);
            assertThat(data.errorCode()).isEqualTo(Errors.NONE.code());
            ApiVersionsResponseData.ApiVersion range = data.apiKeys().find(api.id);
            assertThat(range).as(api + " advertised").isNotNull();
            return (short) Math.min(range.maxVersion(), api.latestVersion());
        }
    }

    private ByteBuffer metadataRequest(List<String> topics, short version) {
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, version, "bad-input", correlation.getAndIncrement());
        return new MetadataRequest.Builder(topics, false).build(version).serializeWithHeader(header);
    }

    /** One raw TCP connection to a Kafka listener, speaking size-prefixed frames. */
    private static final class Wire implements AutoCloseable {
        final Socket socket;
        final DataOutputStream out;
        final DataInputStream in;

        Wire(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) CLOSE_BOUND.toMillis());
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(socket.getInputStream());
        }

        void send(ByteBuffer request) throws IOException {
            byte[] bytes = new byte[request.remaining()];
            request.get(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.flush();
        }

        ByteBuffer receive() throws IOException {
            int size = in.readInt();
            assertThat(size).as("response size").isBetween(4, MAX_FRAME_BYTES);
            byte[] bytes = new byte[size];
            in.readFully(bytes);
            return ByteBuffer.wrap(bytes);
        }

        /** The peer closes the connection (end of stream or reset) within {@link #CLOSE_BOUND}, sending nothing first. */
        void assertClosedByPeer() throws IOException {
            InputStream stream = socket.getInputStream();
            int read;
            try {
                read = stream.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection is still open " + CLOSE_BOUND.toSeconds() + " s after the bad input", e);
            } catch (SocketException | EOFException e) {
                return; // reset by the peer: closed
            }
            assertThat(read).as("what the node sent instead of closing the connection (-1: closed)").isEqualTo(-1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
