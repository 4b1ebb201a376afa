package io.strata.kafka.fetch;

import io.strata.api.v1.NodeState;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.FramePart;
import io.strata.kafka.api.KafkaApis;
import io.strata.kafka.api.Reply;
import io.strata.kafka.backend.FileBatches;
import io.strata.kafka.metadata.TopicIds;
import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.FakePartitions;
import io.vertx.core.Vertx;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Fetch answer on a connection that sends files ({@link ClientSession#sendsFiles()}) is the heap
 * answer byte for byte, with the records left in their files; and every file reference is released
 * by whoever drops it.
 */
class FetchFileAnswersTest {

    private Vertx vertx;
    private FakeControlPlane controlPlane;
    private FakePartitions partitions;
    private KafkaApis apis;
    private TopicDescription topic;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        controlPlane = new FakeControlPlane(0).node(0, "127.0.0.1:9092", NodeState.NODE_STATE_UP, "")
                .node(1, "other:9093", NodeState.NODE_STATE_UP, "rack-b");
        partitions = new FakePartitions(controlPlane);
        apis = KafkaApis.of(FetchApis.handlers(vertx, partitions, controlPlane));
        topic = controlPlane.topic("events", 3);
        for (int partition = 0; partition < 3; partition++) {
            for (int batch = 0; batch < 4; batch++) {
                append(partition, 5 + batch * 3, 40 + partition * 30);
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theAnswerInPiecesIsTheHeapAnswerByteForByteAtEveryVersion() throws Exception {
        for (short version = FetchHandler.MIN_VERSION; version <= ApiKeys.FETCH.latestVersion(); version++) {
            for (IsolationLevel isolation : IsolationLevel.values()) {
                // max_bytes cuts partition 1 inside its batches and leaves partition 2 nothing.
                for (int maxBytes : new int[]{1 << 20, 2_600, 1}) {
                    FetchRequest request = request(version, isolation, maxBytes);
                    ByteBuffer heap = ((Reply.Send) answer(request, false)).frame();
                    Reply pieces = answer(request, true);
                    assertThat(pieces).as("v%d %s max %d", version, isolation, maxBytes).isInstanceOf(Reply.SendParts.class);
                    List<FramePart> parts = ((Reply.SendParts) pieces).parts();
                    assertThat(bytesOf(parts)).as("v%d %s max %d", version, isolation, maxBytes).isEqualTo(bytesOf(heap));
                    assertThat(FramePart.size(parts)).isEqualTo(heap.remaining());
                    // Only what is sent holds a file: the trimmed partitions' files are released already.
                    long files = parts.stream().filter(p -> p instanceof FramePart.File).count();
                    assertThat(partitions.openFiles()).isEqualTo((int) files);
                    Reply.discard(pieces);
                    assertThat(partitions.openFiles()).isZero();
                }
            }
        }
    }

    @Test
    void aReadSupersededByALongPollsNextReadIsReleased() throws Exception {
        FetchRequestData data = request(ApiKeys.FETCH.latestVersion(), IsolationLevel.READ_UNCOMMITTED, 1 << 20).data()
                .setMinBytes(1 << 20).setMaxWaitMs(200);
        Reply pieces = answer(new FetchRequest(data, ApiKeys.FETCH.latestVersion()), true);
        assertThat(partitions.fileReads()).as("one read before the wait, one after, 3 partitions each").isEqualTo(6);
        assertThat(partitions.openFiles()).isEqualTo(3);
        Reply.discard(pieces);
        assertThat(partitions.openFiles()).isZero();
    }

    private Reply answer(FetchRequest request, boolean sendsFiles) throws Exception {
        ClientSession session = new ClientSession("c", InetSocketAddress.createUnresolved("h", 1), false, sendsFiles);
        ByteBuffer frame = request.serializeWithHeader(new RequestHeader(ApiKeys.FETCH, request.version(), "client", 42));
        return apis.handle(frame, session).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private FetchRequest request(short version, IsolationLevel isolation, int maxBytes) {
        Uuid id = TopicIds.toKafka(topic.getTopicId());
        List<FetchRequestData.FetchPartition> wanted = new ArrayList<>();
        for (int partition = 0; partition < 3; partition++) {
            wanted.add(new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(partition == 1 ? 3 : 0)
                    .setPartitionMaxBytes(partition == 0 ? 700 : 1 << 16).setCurrentLeaderEpoch(-1));
        }
        FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(maxBytes).setIsolationLevel(isolation.id()).setSessionId(0).setSessionEpoch(-1)
                .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("events").setTopicId(id).setPartitions(wanted)));
        return new FetchRequest(data, version);
    }

    private static byte[] bytesOf(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        return bytes;
    }

    /** The pieces as a client receives them: the file pieces read from their files. */
    private static byte[] bytesOf(List<FramePart> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (FramePart part : parts) {
            if (part instanceof FramePart.Bytes bytes) {
                out.write(bytesOf(bytes.bytes()));
            } else {
                FileBatches file = ((FramePart.File) part).batches();
                ByteBuffer read = ByteBuffer.allocate(file.sizeInBytes());
                while (read.hasRemaining()) {
                    assertThat(file.channel().read(read, file.position() + read.position())).isPositive();
                }
                out.write(read.array());
            }
        }
        return out.toByteArray();
    }

    private void append(int partition, int records, int valueBytes) throws Exception {
        List<SimpleRecord> batch = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            batch.add(new SimpleRecord(1_000L + i, ("k" + i).getBytes(), new byte[valueBytes]));
        }
        partitions.append(new TopicPartition("events", partition),
                MemoryRecords.withRecords(Compression.NONE, batch.toArray(SimpleRecord[]::new)).buffer(), (short) -1, 1000)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
