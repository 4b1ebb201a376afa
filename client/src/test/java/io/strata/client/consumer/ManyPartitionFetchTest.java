package io.strata.client.consumer;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRecordsRequest;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionOffset;
import io.strata.api.v1.PartitionRecords;
import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.config.ConsumerConfig;
import io.strata.client.connection.GatewayConnection;
import io.strata.client.connection.LeaderConnections;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How the consumer fetches many partitions: one FetchPartitions call for the partitions of one
 * leader (not one long poll per partition, which at 900 partitions was 900 open calls per member),
 * each partition in one call at a time; positions found with one ListOffsets per topic; a
 * partition's error affects that partition alone. Against a stand-in gateway over real gRPC that
 * holds every fetch it is not told to answer (as a long poll on idle partitions would).
 */
class ManyPartitionFetchTest {

    private static final String TOPIC = "t";
    private static final int PARTITIONS = 900;

    private final StandInGateway gateway = new StandInGateway();
    private Server server;
    private GatewayConnection connection;
    private Fetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(gateway).build().start();
        ConsumerConfig config = ConsumerConfig.of(Map.of("bootstrap.servers", "127.0.0.1:" + server.getPort(),
                "auto.offset.reset", "earliest", "retry.backoff.ms", "50"));
        connection = new GatewayConnection(config.bootstrapServers(), 64 << 20, config.security());
        fetcher = new Fetcher(config, connection, new LeaderConnections(false, config.security(), 64 << 20, 30_000));
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        connection.close();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    private static List<TopicPartition> all() {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
    }

    @Test
    void idlePartitionsShareOneCallAndPositionsOneListOffsets() {
        fetcher.assign(all());

        pollUntil(() -> gateway.fetches.size() == 1);

        assertThat(gateway.listOffsets).as("one ListOffsets for the topic's 900 partitions").hasSize(1);
        assertThat(gateway.listOffsets.peek().getPartitionsCount()).isEqualTo(PARTITIONS);
        assertThat(gateway.singleFetches).as("per-partition Fetch calls").hasValue(0);
        fetcher.poll(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(gateway.fetches).as("calls open while nothing arrives").hasSize(1);
        assertThat(gateway.fetches.peek().request().getPartitionsCount()).isEqualTo(PARTITIONS);
    }

    @Test
    void nextCallsAreOnePerLeaderTheAnswerNamed() {
        fetcher.assign(all());
        pollUntil(() -> gateway.fetches.size() == 1);
        Held first = gateway.fetches.poll();
        // Leaders 1, 2, 3 in turn; partition 0 brings a record, so the fetcher fetches again at once.
        FetchPartitionsResponse.Builder answer = FetchPartitionsResponse.newBuilder()
                .addPartitions(records(first.partition(0), 0));
        first.request().getPartitionsList().forEach(p -> answer.addLeaders(1 + p.getPartition() % 3));
        first.answer(answer.build());

        List<ConsumerRecord> got = pollUntilRecords();
        assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L);
        pollUntil(() -> gateway.fetches.size() == 3);

        List<List<Integer>> leadersOfEachCall = new ArrayList<>();
        for (Held call : gateway.fetches) {
            leadersOfEachCall.add(call.request().getPartitionsList().stream().map(p -> 1 + p.getPartition() % 3).distinct().toList());
        }
        assertThat(leadersOfEachCall).as("the leaders of each call's partitions").allMatch(leaders -> leaders.size() == 1);
        assertThat(gateway.fetches.stream().mapToInt(call -> call.request().getPartitionsCount()).sum())
                .as("each partition in exactly one call").isEqualTo(PARTITIONS);
        PartitionFetch zero = gateway.fetches.stream().flatMap(call -> call.request().getPartitionsList().stream())
                .filter(p -> p.getPartition() == 0).findFirst().orElseThrow();
        assertThat(zero.getOffset()).as("partition 0 is fetched from after its record").isEqualTo(1);
    }

    @Test
    void aPartitionsErrorHoldsBackThatPartitionAlone() {
        fetcher.assign(all());
        pollUntil(() -> gateway.fetches.size() == 1);
        Held first = gateway.fetches.poll();
        FetchPartitionsResponse.Builder answer = FetchPartitionsResponse.newBuilder()
                .addPartitions(PartitionRecords.newBuilder().setTopic(TOPIC).setPartition(5)
                        .setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER).setErrorMessage("node 2 leads it now"))
                .addPartitions(records(first.partition(7), 0));
        first.request().getPartitionsList().forEach(p -> answer.addLeaders(1));
        first.answer(answer.build());

        assertThat(pollUntilRecords()).extracting(ConsumerRecord::partition).containsExactly(7);
        pollUntil(() -> gateway.fetches.stream().anyMatch(call -> call.request().getPartitionsList().stream()
                .anyMatch(p -> p.getPartition() == 5)));
        assertThat(gateway.fetches.stream().mapToInt(call -> call.request().getPartitionsCount()).sum())
                .as("every partition fetched again, 5 after its back-off").isEqualTo(PARTITIONS);
    }

    @Test
    void aPartitionErrorThatRetryingCannotCureIsThrownByPoll() {
        fetcher.assign(all());
        pollUntil(() -> gateway.fetches.size() == 1);
        Held first = gateway.fetches.poll();
        first.answer(FetchPartitionsResponse.newBuilder().addPartitions(PartitionRecords.newBuilder().setTopic(TOPIC)
                .setPartition(3).setErrorCode(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
                .setErrorMessage("partition 3 of topic 't' does not exist")).build());

        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                fetcher.poll(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }).isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION))
                .hasMessageContaining("fetching t-3 failed").hasMessageContaining("does not exist");
    }

    private void pollUntil(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            fetcher.poll(TimeUnit.MILLISECONDS.toNanos(20));
            return condition.getAsBoolean();
        });
    }

    private List<ConsumerRecord> pollUntilRecords() {
        List<ConsumerRecord> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            got.addAll(fetcher.poll(TimeUnit.MILLISECONDS.toNanos(50)));
            return !got.isEmpty();
        });
        return got;
    }

    private static PartitionRecords records(PartitionFetch partition, long offset) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, offset);
        builder.appendWithOffset(offset, 1_000L, null, ("v" + offset).getBytes(StandardCharsets.UTF_8));
        return PartitionRecords.newBuilder().setTopic(partition.getTopic()).setPartition(partition.getPartition())
                .setRecords(ByteString.copyFrom(builder.build().buffer())).setHighWatermark(offset + 1)
                .setNextOffset(offset + 1).build();
    }

    /** A call the stand-in holds until the test answers it. */
    private record Held(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
        PartitionFetch partition(int partition) {
            return request.getPartitionsList().stream().filter(p -> p.getPartition() == partition).findFirst().orElseThrow();
        }

        void answer(FetchPartitionsResponse response) {
            observer.onNext(response);
            observer.onCompleted();
        }
    }

    /** Every partition starts at 0; fetches are held for the test to answer. */
    private static final class StandInGateway extends GatewayServiceGrpc.GatewayServiceImplBase {
        final ConcurrentLinkedQueue<Held> fetches = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ListTopicOffsetsRequest> listOffsets = new ConcurrentLinkedQueue<>();
        final AtomicInteger singleFetches = new AtomicInteger();

        @Override
        public void fetchPartitions(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
            fetches.add(new Held(request, observer));
        }

        @Override
        public void fetch(FetchRecordsRequest request, StreamObserver<FetchRecordsResponse> observer) {
            singleFetches.incrementAndGet();
        }

        @Override
        public void listOffsets(ListTopicOffsetsRequest request, StreamObserver<ListTopicOffsetsResponse> observer) {
            listOffsets.add(request);
            ListTopicOffsetsResponse.Builder answer = ListTopicOffsetsResponse.newBuilder();
            request.getPartitionsList().forEach(p -> answer.addOffsets(PartitionOffset.newBuilder().setPartition(p).setOffset(0)));
            observer.onNext(answer.build());
            observer.onCompleted();
        }
    }
}
