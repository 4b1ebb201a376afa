package io.strata.client.consumer;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.aliasing.ArrayView;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRecordsRequest;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.client.TopicPartition;
import io.strata.client.config.ConsumerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.connection.LeaderConnections;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifetime of fetch answers parsed with aliasing ({@code AliasingMarshaller}): the records of
 * an answer are a view of the array it was parsed from, so nothing may write that array while an
 * answer is held. Many concurrent fetches from random offsets, of random sizes, over a real
 * grpc-java Netty connection to a stand-in gateway, are all held until the last has arrived, and
 * only then is every batch's CRC, every record's offset and every value checked. Parsing into a
 * reused (per-thread) array, as grpc-java's own marshaller does, fails this: later answers
 * overwrite the earlier ones.
 */
class AliasedFetchAnswersTest {

    private static final String TOPIC = "t";
    private static final int RECORDS = 20_000;

    /** The stand-in log: batches end to end, found by their base offset. */
    private final TreeMap<Long, int[]> batchAt = new TreeMap<>();
    private byte[] log;
    private Server server;
    private GatewayConnection connection;

    @BeforeEach
    void start() throws Exception {
        buildLog(new Random(42));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new StandInGateway()).build().start();
        ConsumerConfig config = ConsumerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:" + server.getPort()));
        connection = new GatewayConnection(config.bootstrapServers(), 64 << 20, config.security());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void concurrentAnswersHeldTogetherKeepTheirBytes() throws Exception {
        int fetches = 400;
        Random random = new Random(7);
        ConcurrentLinkedQueue<long[]> asked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<FetchRecordsResponse> answers = new ConcurrentLinkedQueue<>();
        List<long[]> requests = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(fetches);
        for (int i = 0; i < fetches; i++) {
            long offset = random.nextInt(RECORDS);
            int maxBytes = 1024 + random.nextInt(1 << 20);
            requests.add(new long[] {offset, maxBytes});
        }
        for (long[] request : requests) {
            connection.async(0).withDeadlineAfter(60, TimeUnit.SECONDS).fetch(FetchRecordsRequest.newBuilder().setTopic(TOPIC)
                    .setOffset(request[0]).setMaxBytes((int) request[1]).build(), new StreamObserver<>() {
                        @Override
                        public void onNext(FetchRecordsResponse response) {
                            answers.add(response);
                            asked.add(request);
                        }

                        @Override
                        public void onError(Throwable t) {
                            failure.compareAndSet(null, t);
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
        }
        assertThat(done.await(120, TimeUnit.SECONDS)).as("all fetches answered").isTrue();
        assertThat(failure.get()).isNull();
        assertThat(answers).hasSize(fetches);
        for (FetchRecordsResponse answer : answers) {
            ByteBuffer view = ArrayView.of(answer.getRecords());
            assertThat(ArrayView.of(answer.getRecords()).array()).as("the records are a view, not a copy").isSameAs(view.array());
            checkBatches(view, answer.getNextOffset());
        }
    }

    @Test
    void aFetcherReadsEveryRecordOnceInOrder() {
        ConsumerConfig config = ConsumerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:" + server.getPort(),
                "max.partition.fetch.bytes", "65536"));
        Fetcher fetcher = new Fetcher(config, connection, new LeaderConnections(false, config.security(), 64 << 20, 30_000));
        try {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            fetcher.assign(List.of(partition));
            fetcher.seek(partition, 0);
            long next = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (next < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord record : fetcher.poll(TimeUnit.MILLISECONDS.toNanos(500))) {
                    assertThat(record.offset()).isEqualTo(next);
                    assertThat(record.value()).isEqualTo(value(next));
                    next++;
                }
            }
            assertThat(next).as("records read").isEqualTo(RECORDS);
        } finally {
            fetcher.close();
        }
    }

    /** Every batch from the one holding the asked offset on: CRC valid, offsets contiguous, values as written. */
    private void checkBatches(ByteBuffer view, long nextOffset) {
        long expected = -1;
        int batches = 0;
        for (RecordBatch batch : MemoryRecords.readableRecords(view).batches()) {
            batch.ensureValid();
            assertThat(batchAt).containsKey(batch.baseOffset());
            if (expected >= 0) {
                assertThat(batch.baseOffset()).isEqualTo(expected);
            }
            for (Record record : batch) {
                byte[] value = new byte[record.valueSize()];
                record.value().get(value);
                assertThat(value).as("value at %d", record.offset()).isEqualTo(value(record.offset()));
            }
            expected = batch.nextOffset();
            batches++;
        }
        assertThat(batches).isPositive();
        assertThat(nextOffset).isEqualTo(expected);
    }

    private void buildLog(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = 0;
        while (offset < RECORDS) {
            int count = (int) Math.min(RECORDS - offset, 1 + random.nextInt(60));
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                    Compression.NONE, TimestampType.CREATE_TIME, offset);
            for (int i = 0; i < count; i++) {
                builder.appendWithOffset(offset + i, 1_000L, null, value(offset + i));
            }
            ByteBuffer batch = builder.build().buffer();
            batchAt.put(offset, new int[] {out.size(), batch.remaining()});
            out.write(batch.array(), batch.arrayOffset() + batch.position(), batch.remaining());
            offset += count;
        }
        log = out.toByteArray();
    }

    /** A record's value: 20 to 2,000 bytes that only its offset gives. */
    private static byte[] value(long offset) {
        Random random = new Random(offset * 31 + 17);
        byte[] value = new byte[20 + random.nextInt(1981)];
        random.nextBytes(value);
        return value;
    }

    /** Answers a fetch with whole batches from the one holding the offset, up to max_bytes (at least one). */
    private final class StandInGateway extends GatewayServiceGrpc.GatewayServiceImplBase {
        @Override
        public void fetchPartitions(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
            FetchPartitionsResponse.Builder answer = FetchPartitionsResponse.newBuilder();
            for (PartitionFetch partition : request.getPartitionsList()) {
                FetchRecordsResponse read = read(FetchRecordsRequest.newBuilder().setTopic(partition.getTopic())
                        .setPartition(partition.getPartition()).setOffset(partition.getOffset())
                        .setMaxBytes(partition.getMaxBytes()).build());
                answer.addPartitions(PartitionRecords.newBuilder().setTopic(read.getTopic()).setPartition(read.getPartition())
                        .setRecords(read.getRecords()).setNextOffset(read.getNextOffset()).setHighWatermark(RECORDS));
                answer.addLeaders(1);
            }
            observer.onNext(answer.build());
            observer.onCompleted();
        }

        @Override
        public void fetch(FetchRecordsRequest request, StreamObserver<FetchRecordsResponse> observer) {
            observer.onNext(read(request));
            observer.onCompleted();
        }

        private FetchRecordsResponse read(FetchRecordsRequest request) {
            Map.Entry<Long, int[]> first = batchAt.floorEntry(request.getOffset());
            int start = first.getValue()[0];
            int end = start + first.getValue()[1];
            long next = batchAt.higherKey(first.getKey()) == null ? RECORDS : batchAt.higherKey(first.getKey());
            for (Map.Entry<Long, int[]> batch : batchAt.tailMap(first.getKey(), false).entrySet()) {
                int[] at = batch.getValue();
                if (at[0] + at[1] - start > request.getMaxBytes()) {
                    break;
                }
                end = at[0] + at[1];
                Long after = batchAt.higherKey(batch.getKey());
                next = after == null ? RECORDS : after;
            }
            return FetchRecordsResponse.newBuilder().setTopic(request.getTopic()).setPartition(request.getPartition())
                    .setRecords(ByteString.copyFrom(Arrays.copyOfRange(log, start, end))).setNextOffset(next)
                    .setHighWatermark(RECORDS).build();
        }
    }
}
