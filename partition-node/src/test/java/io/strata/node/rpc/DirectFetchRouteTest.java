package io.strata.node.rpc;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.DeleteReplicaRequest;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionServiceGrpc;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetch as {@link DirectFetchRoute} serves it, over a real gRPC channel: the answers are written
 * from the buffers the log was read into, so a buffer reused or changed before gRPC wrote it would
 * show here as a batch with a bad CRC or records of another offset.
 */
@QuarkusTest
class DirectFetchRouteTest {

    private static final int BATCHES = 300;

    @TestHTTPResource
    URL url;

    private ManagedChannel channel;
    private PartitionServiceGrpc.PartitionServiceBlockingStub node;
    private String topic;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        node = PartitionServiceGrpc.newBlockingStub(channel);
        topic = "direct-" + UUID.randomUUID().toString().substring(0, 8);
        node.createReplica(CreateReplicaRequest.newBuilder().setTopic(topic).setPartition(0).build());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        node.deleteReplica(DeleteReplicaRequest.newBuilder().setTopic(topic).setPartition(0).build());
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Batch i holds 1 + i % 40 records; each value names its own offset, padded to a size that varies. */
    private long appendBatches() {
        long offset = 0;
        for (int i = 0; i < BATCHES; i++) {
            int records = 1 + i % 40;
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(records * 1200 + 200),
                    RecordBatch.CURRENT_MAGIC_VALUE, Compression.NONE, TimestampType.CREATE_TIME, 0L);
            for (int r = 0; r < records; r++) {
                builder.append(1000L + offset, null, value(offset++));
            }
            node.append(AppendRequest.newBuilder().setTopic(topic).setPartition(0)
                    .setRecords(ByteString.copyFrom(builder.build().buffer())).build());
        }
        return offset;
    }

    private static byte[] value(long offset) {
        String text = "offset-" + offset + "-";
        return (text + "x".repeat((int) (offset * 7 % 1000))).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concurrentFetchesOfDifferentOffsetsEachGetTheirOwnBytes() throws Exception {
        long end = appendBatches();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> checked = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                checked.add(callers.submit(() -> fetchAndCheck(new Random(seed), end, 40)));
            }
            int records = 0;
            for (Future<Integer> each : checked) {
                records += each.get(120, TimeUnit.SECONDS);
            }
            assertThat(records).isGreaterThan(8 * 40);
        } finally {
            callers.shutdownNow();
        }
    }

    /** {@code rounds} fetches from random offsets with random sizes; each answer checked whole. */
    private int fetchAndCheck(Random random, long end, int rounds) {
        int records = 0;
        for (int i = 0; i < rounds; i++) {
            long from = random.nextLong(end);
            int maxBytes = 1 + random.nextInt(256 * 1024);
            FetchResponse answer = node.fetch(FetchRequest.newBuilder().setTopic(topic).setPartition(0)
                    .setOffset(from).setMaxBytes(maxBytes).build());
            records += check(answer, from);
            assertThat(answer.getHighWatermark()).isEqualTo(end);
        }
        return records;
    }

    private static int check(FetchResponse answer, long from) {
        long expected = -1;
        int records = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(answer.getRecords().asReadOnlyByteBuffer()).batches()) {
            batch.ensureValid(); // CRC32C over the batch
            for (Record record : batch) {
                if (expected < 0) {
                    assertThat(record.offset()).as("first record of a fetch from %d", from).isLessThanOrEqualTo(from);
                } else {
                    assertThat(record.offset()).isEqualTo(expected);
                }
                byte[] value = new byte[record.valueSize()];
                record.value().get(value);
                assertThat(value).as("value at offset %d", record.offset()).isEqualTo(value(record.offset()));
                expected = record.offset() + 1;
                records++;
            }
        }
        assertThat(expected).as("the answer holds the offset asked for").isGreaterThan(from);
        return records;
    }

    /** The answer's fields are on the wire in the direct encoder's order: the records last. */
    @Test
    void fetchIsServedByTheDirectRoute() {
        appendBatches();
        MethodDescriptor<FetchRequest, byte[]> raw = PartitionServiceGrpc.getFetchMethod().toBuilder(
                PartitionServiceGrpc.getFetchMethod().getRequestMarshaller(), new RawBytes()).build();

        byte[] answer = ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT,
                FetchRequest.newBuilder().setTopic(topic).setPartition(0).setOffset(0).build());

        assertThat(answer[0]).as("first tag: high_watermark (2, varint), not records (1, bytes)").isEqualTo((byte) 0x10);
    }

    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
