package io.strata.node.rpc;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.error.GrpcErrors;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.DeleteReplicaRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.PartitionServiceGrpc;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The partition node's gRPC API inside a running Quarkus app, called over a real gRPC channel. */
@QuarkusTest
class PartitionGrpcServiceTest {

    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private PartitionServiceGrpc.PartitionServiceBlockingStub node;
    private String topic;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        node = PartitionServiceGrpc.newBlockingStub(channel);
        topic = "grpc-test-" + UUID.randomUUID().toString().substring(0, 8);
        node.createReplica(CreateReplicaRequest.newBuilder().setTopic(topic).setPartition(0)
                .putConfigs("max.message.bytes", "4096").build());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        node.deleteReplica(DeleteReplicaRequest.newBuilder().setTopic(topic).setPartition(0).build());
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ByteString batch(long timestamp, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + values.length * 1100),
                RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
        for (String value : values) {
            builder.append(timestamp, null, value.getBytes(StandardCharsets.UTF_8));
        }
        return ByteString.copyFrom(builder.build().buffer());
    }

    /** A batch of an idempotent producer: building it twice gives the same bytes, as a retry sends. */
    private static ByteString idempotentBatch(long producerId, int baseSequence, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, (short) 0, baseSequence);
        for (String value : values) {
            builder.append(1000, null, value.getBytes(StandardCharsets.UTF_8));
        }
        return ByteString.copyFrom(builder.build().buffer());
    }

    private AppendRequest append(ByteString records) {
        return AppendRequest.newBuilder().setTopic(topic).setPartition(0).setRecords(records).build();
    }

    private FetchRequest.Builder fetch(long offset) {
        return FetchRequest.newBuilder().setTopic(topic).setPartition(0).setOffset(offset);
    }

    private static List<String> values(FetchResponse response) {
        List<String> values = new ArrayList<>();
        MemoryRecords.readableRecords(response.getRecords().asReadOnlyByteBuffer()).batches().forEach(batch -> {
            for (Record record : batch) {
                values.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        });
        return values;
    }

    @Test
    void appendsGetDenseOffsetsAndFetchReturnsThem() {
        assertThat(node.append(append(batch(1000, "a", "b"))).getBaseOffset()).isZero();
        assertThat(node.append(append(batch(2000, "c"))).getLastOffset()).isEqualTo(2);

        FetchResponse response = node.fetch(fetch(0).build());

        assertThat(values(response)).containsExactly("0:a", "1:b", "2:c");
        assertThat(response.getHighWatermark()).isEqualTo(3);
        assertThat(response.getLogStartOffset()).isZero();
    }

    @Test
    void listOffsetsAnswersEarliestLatestAndByTimestamp() {
        node.append(append(batch(1000, "a", "b")));
        node.append(append(batch(2000, "c")));
        ListOffsetsRequest.Builder request = ListOffsetsRequest.newBuilder().setTopic(topic).setPartition(0);

        assertThat(node.listOffsets(request.setSpec(OffsetSpec.OFFSET_SPEC_EARLIEST).build()).getOffset()).isZero();
        assertThat(node.listOffsets(request.setSpec(OffsetSpec.OFFSET_SPEC_LATEST).build()).getOffset()).isEqualTo(3);
        assertThat(node.listOffsets(request.setSpec(OffsetSpec.OFFSET_SPEC_TIMESTAMP).setTimestampMs(1500).build()).getOffset())
                .isEqualTo(2);
        assertThat(node.listOffsets(request.setSpec(OffsetSpec.OFFSET_SPEC_TIMESTAMP).setTimestampMs(2001).build()).getOffset())
                .isEqualTo(-1);
    }

    @Test
    void aWaitingFetchIsAnsweredAsSoonAsDataArrives() {
        CompletableFuture<FetchResponse> waiting = CompletableFuture.supplyAsync(() ->
                node.fetch(fetch(0).setMaxWaitMs(4000).build()));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        node.append(append(batch(1000, "late")));

        await().atMost(Duration.ofSeconds(3)).until(waiting::isDone);
        assertThat(values(waiting.join())).containsExactly("0:late");
    }

    @Test
    void aFetchWithNothingToReadAnswersEmptyAfterItsWait() {
        long started = System.nanoTime();
        FetchResponse response = node.fetch(fetch(0).setMaxWaitMs(300).build());

        assertThat(response.getRecords().isEmpty()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    /**
     * A fetch whose wait ends within a fraction of a millisecond once it has read must still be
     * answered: Vert.x timers refuse delays under 1 ms, and such fetches used to hang until the
     * caller's deadline (stalling followers, and every acks=all producer behind them, for 10 s).
     */
    @Test
    void fetchesWithWaitsTooShortForATimerAreAnsweredAtOnce() {
        for (int i = 0; i < 200; i++) {
            FetchResponse response = node.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .fetch(fetch(0).setMaxWaitMs(1 + i % 2).build());
            assertThat(response.getRecords().isEmpty()).as("fetch %d", i).isTrue();
        }
    }

    @Test
    void badRequestsGetTheirErrorCodeAndANamingMessage() {
        ByteString good = batch(1000, "x");
        byte[] flipped = good.toByteArray();
        flipped[flipped.length - 1] ^= 1;

        assertError(() -> node.append(append(ByteString.copyFrom(flipped))), Status.Code.INVALID_ARGUMENT,
                ErrorCode.CORRUPT_MESSAGE, "CRC");
        assertError(() -> node.append(append(batch(1000, "y".repeat(5000)))), Status.Code.INVALID_ARGUMENT,
                ErrorCode.MESSAGE_TOO_LARGE, "max.message.bytes 4096");
        assertError(() -> node.append(AppendRequest.newBuilder().setTopic(topic).setPartition(7).setRecords(good).build()),
                Status.Code.NOT_FOUND, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, topic + "-7");
        assertError(() -> node.fetch(fetch(5).build()), Status.Code.OUT_OF_RANGE, ErrorCode.OFFSET_OUT_OF_RANGE, "offset 5");
        assertError(() -> node.createReplica(CreateReplicaRequest.newBuilder().setTopic("bad/name").build()),
                Status.Code.INVALID_ARGUMENT, ErrorCode.INVALID_TOPIC, "bad/name");
        assertError(() -> node.createReplica(CreateReplicaRequest.newBuilder().setTopic(topic + "-x")
                        .putAllConfigs(Map.of("retention.ms", "soon")).build()),
                Status.Code.INVALID_ARGUMENT, ErrorCode.INVALID_CONFIG, "retention.ms");

        assertThat(node.fetch(fetch(0).build()).getLogEndOffset()).isZero();
    }

    @Test
    void aRetriedIdempotentBatchGetsTheSameOffsetsAndIsStoredOnce() {
        node.append(append(batch(1000, "plain")));
        AppendRequest request = append(idempotentBatch(77, 0, "a", "b")).toBuilder().setAcks(Acks.ACKS_ALL).build();

        AppendResponse first = node.append(request);
        AppendResponse retry = node.append(request);

        assertThat(List.of(first.getBaseOffset(), first.getLastOffset())).containsExactly(1L, 2L);
        assertThat(List.of(retry.getBaseOffset(), retry.getLastOffset())).containsExactly(1L, 2L);
        FetchResponse stored = node.fetch(fetch(0).build());
        assertThat(values(stored)).containsExactly("0:plain", "1:a", "2:b");
        assertThat(stored.getLogEndOffset()).isEqualTo(3);

        assertError(() -> node.append(append(idempotentBatch(77, 5, "gap"))), Status.Code.FAILED_PRECONDITION,
                ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, "expected sequence 2");
        assertThat(node.append(append(idempotentBatch(77, 2, "c"))).getBaseOffset()).isEqualTo(3);
    }

    @Test
    void replicasAreListedWithTheirOffsets() {
        node.append(append(batch(1000, "a", "b")));

        assertThat(node.listReplicas(ListReplicasRequest.getDefaultInstance()).getReplicasList())
                .anySatisfy(replica -> {
                    assertThat(replica.getTopic()).isEqualTo(topic);
                    assertThat(replica.getLogEndOffset()).isEqualTo(2);
                });
    }

    private static void assertError(Executable call, Status.Code status, ErrorCode code, String message) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(status);
                    assertThat(GrpcErrors.fromStatus(e).code()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(message);
                });
    }
}
