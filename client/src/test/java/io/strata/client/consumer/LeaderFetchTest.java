package io.strata.client.consumer;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.GatewayServiceGrpc;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionOffset;
import io.strata.api.v1.PartitionRecords;
import io.strata.api.v1.PartitionServiceGrpc;
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
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reading from the leaders directly ({@link LeaderConnections}): a leader the gateway offers is read
 * without the gateway; a partition the leader answers with an error, a leader that refuses or cannot
 * be reached, and a gateway that withdraws its offer all send the reads back through the gateway,
 * from the same offset, with no record lost or returned twice. A stand-in gateway and a stand-in
 * node over real gRPC, each holding every fetch until the test answers it.
 */
class LeaderFetchTest {

    private static final String TOPIC = "t";
    private static final int LEADER = 1;

    private static final String GATEWAY = "gateway";
    private static final String NODE = "node";

    /** Every fetch either stand-in got, in arrival order. */
    private final List<Held> calls = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private GatewayConnection connection;
    private LeaderConnections leaders;
    private Fetcher fetcher;
    /** "topic-partition@offset" of every record poll returned, in order. */
    private final List<String> seen = new ArrayList<>();

    private void start(Map<String, String> settings) throws Exception {
        Server gatewayServer = serve(new StandInGatewayService());
        Map<String, String> all = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:" + gatewayServer.getPort(),
                "auto.offset.reset", "earliest", "retry.backoff.ms", "20", "retry.backoff.max.ms", "20"));
        all.putAll(settings);
        ConsumerConfig config = ConsumerConfig.of(all);
        connection = new GatewayConnection(config.bootstrapServers(), 64 << 20, config.security());
        leaders = new LeaderConnections(config.fetchFromLeaders(), config.security(), 64 << 20, 30_000);
        fetcher = new Fetcher(config, connection, leaders);
        fetcher.assign(List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1)));
    }

    private Server serve(io.grpc.BindableService service) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        leaders.close();
        connection.close();
        for (Server server : servers) {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLeaderTheGatewayOffersIsReadWithoutTheGateway() throws Exception {
        start(Map.of());
        String nodeAddress = nodeAddress();

        Held first = nextFor(0);
        assertThat(first.to()).isEqualTo(GATEWAY);
        first.answer(offering(first, nodeAddress), records(0, 0));
        Held direct = nextFor(0);
        assertThat(direct.to()).isEqualTo(NODE);
        assertThat(direct.offset(0)).isEqualTo(1);
        direct.answer(FetchPartitionsResponse.newBuilder(), records(0, 1));
        Held other = nextFor(1);
        assertThat(other.to()).as("t-1, whose leader the same answer named").isEqualTo(NODE);
        assertThat(other.offset(1)).isEqualTo(0);
        other.answer(FetchPartitionsResponse.newBuilder(), records(1, 0));
        Held again = nextFor(0);
        assertThat(again.to()).as("the next read of t-0 goes to the leader again").isEqualTo(NODE);
        assertThat(again.offset(0)).isEqualTo(2);

        pollUntil(() -> seen.size() == 3);
        assertThat(seen).containsExactlyInAnyOrder("t-0@0", "t-0@1", "t-1@0");
        assertThat(callsTo(GATEWAY)).as("calls the gateway got").isEqualTo(1);
    }

    @Test
    void aPartitionTheLeaderAnswersWithAnErrorIsAskedOfTheGateway() throws Exception {
        start(Map.of());
        Held first = nextFor(0);
        first.answer(offering(first, nodeAddress()), records(0, 0));
        Held direct = nextFor(1);
        assertThat(direct.to()).isEqualTo(NODE);

        direct.answer(FetchPartitionsResponse.newBuilder(), PartitionRecords.newBuilder().setTopic(TOPIC).setPartition(1)
                .setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER).setErrorMessage("node 2 leads t-1").build());

        Held asked = nextFor(1);
        assertThat(asked.to()).as("t-1 asked of the gateway once its leader answered with an error").isEqualTo(GATEWAY);
        assertThat(asked.offset(1)).isEqualTo(0);
        assertThat(nextFor(0).to()).as("t-0 still read from its leader").isEqualTo(NODE);
    }

    @Test
    void aLeaderThatRefusesIsReadThroughTheGatewayWithNothingLostOrRepeated() throws Exception {
        start(Map.of());
        String nodeAddress = nodeAddress();
        Held first = nextFor(0);
        first.answer(offering(first, nodeAddress), records(0, 0));
        Held direct = nextFor(0);
        assertThat(direct.to()).isEqualTo(NODE);

        direct.fail(Status.PERMISSION_DENIED.withDescription("client may not call strata.v1.PartitionService/FetchPartitions"));

        Held retried = nextFor(0);
        assertThat(retried.to()).isEqualTo(GATEWAY);
        assertThat(retried.offset(0)).as("asked again from where it was").isEqualTo(1);
        retried.answer(offering(retried, nodeAddress), records(0, 1));
        Held after = nextFor(0);
        assertThat(after.to()).as("the gateway's offer is not taken again at once").isEqualTo(GATEWAY);
        assertThat(after.offset(0)).isEqualTo(2);

        pollUntil(() -> seen.size() == 2);
        assertThat(seen).containsExactly("t-0@0", "t-0@1");
    }

    @Test
    void aLeaderThatCannotBeReachedIsReadThroughTheGateway() throws Exception {
        start(Map.of());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Held first = nextFor(0);
        first.answer(offering(first, "127.0.0.1:" + closedPort), records(0, 0));

        Held retried = nextFor(0);
        assertThat(retried.to()).isEqualTo(GATEWAY);
        assertThat(retried.offset(0)).isEqualTo(1);
        assertThat(callsTo(NODE)).isZero();
    }

    @Test
    void anAnswerNamingLeadersWithoutAddressesWithdrawsTheOffer() throws Exception {
        start(Map.of());
        Held first = nextFor(0);
        first.answer(offering(first, nodeAddress()), records(0, 0));
        Held direct = nextFor(0);
        assertThat(direct.to()).isEqualTo(NODE);
        direct.answer(FetchPartitionsResponse.newBuilder(), PartitionRecords.newBuilder().setTopic(TOPIC).setPartition(0)
                .setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER).setErrorMessage("not the leader").build());
        Held asked = nextFor(0);
        assertThat(asked.to()).isEqualTo(GATEWAY);

        FetchPartitionsResponse.Builder withdrawn = FetchPartitionsResponse.newBuilder();
        asked.request().getPartitionsList().forEach(p -> withdrawn.addLeaders(LEADER));
        asked.answer(withdrawn, records(0, 1));

        Held next = nextFor(0);
        assertThat(next.to()).as("t-0 read through the gateway once the offer is withdrawn").isEqualTo(GATEWAY);
        assertThat(next.offset(0)).isEqualTo(2);
        pollUntil(() -> seen.size() == 2);
        assertThat(seen).containsExactly("t-0@0", "t-0@1");
    }

    @Test
    void aConsumerWithCredentialsOrWithItTurnedOffNeverReadsFromLeaders() throws Exception {
        for (Map<String, String> settings : List.of(Map.of("fetch.from.leaders", "false"),
                Map.of("security.username", "alice", "security.password", "secret"))) {
            start(settings);
            Held first = nextFor(0);
            first.answer(offering(first, nodeAddress()), records(0, 0));
            Held next = nextFor(0);
            assertThat(next.to()).as("read through the gateway with " + settings).isEqualTo(GATEWAY);
            assertThat(next.offset(0)).isEqualTo(1);
            assertThat(callsTo(NODE)).isZero();
            stop();
            servers.clear();
            seen.clear();
            calls.clear();
        }
    }

    private String nodeAddress() throws Exception {
        return "127.0.0.1:" + serve(new StandInNodeService()).getPort();
    }

    private static FetchPartitionsResponse.Builder offering(Held call, String nodeAddress) {
        FetchPartitionsResponse.Builder answer = FetchPartitionsResponse.newBuilder().putLeaderAddresses(LEADER, nodeAddress);
        call.request().getPartitionsList().forEach(p -> answer.addLeaders(LEADER));
        return answer;
    }

    /** The unanswered call that asks for {@code partition} (at most one does), once it has come; polls meanwhile. */
    private Held nextFor(int partition) {
        Held[] found = new Held[1];
        pollUntil(() -> {
            synchronized (calls) {
                for (Held call : calls) {
                    if (!call.answered && call.offsets().containsKey(partition)) {
                        found[0] = call;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    private long callsTo(String to) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.to().equals(to)).count();
        }
    }

    private void pollUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            fetcher.poll(TimeUnit.MILLISECONDS.toNanos(20)).forEach(record -> seen.add(record.topic() + "-" + record.partition() + "@" + record.offset()));
            return condition.getAsBoolean();
        });
    }

    private static PartitionRecords records(int partition, long offset) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, offset);
        builder.appendWithOffset(offset, 1_000L, null, ("v" + offset).getBytes(StandardCharsets.UTF_8));
        return PartitionRecords.newBuilder().setTopic(TOPIC).setPartition(partition)
                .setRecords(ByteString.copyFrom(builder.build().buffer())).setHighWatermark(offset + 1)
                .setNextOffset(offset + 1).build();
    }

    /** A fetch held until the test answers it; {@code to}: which stand-in got it. */
    private static final class Held {
        private final String to;
        private final FetchPartitionsRequest request;
        private final StreamObserver<FetchPartitionsResponse> observer;
        volatile boolean answered;

        Held(String to, FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
            this.to = to;
            this.request = request;
            this.observer = observer;
        }

        String to() {
            return to;
        }

        FetchPartitionsRequest request() {
            return request;
        }

        Map<Integer, Long> offsets() {
            Map<Integer, Long> offsets = new HashMap<>();
            for (PartitionFetch partition : request.getPartitionsList()) {
                offsets.put(partition.getPartition(), partition.getOffset());
            }
            return offsets;
        }

        long offset(int partition) {
            return offsets().get(partition);
        }

        void answer(FetchPartitionsResponse.Builder response, PartitionRecords... partitions) {
            answered = true;
            observer.onNext(response.addAllPartitions(List.of(partitions)).build());
            observer.onCompleted();
        }

        void fail(Status status) {
            answered = true;
            observer.onError(status.asRuntimeException());
        }
    }

    private void arrived(Held call) {
        synchronized (calls) {
            calls.add(call);
        }
    }

    /** Every partition starts at 0. */
    private final class StandInGatewayService extends GatewayServiceGrpc.GatewayServiceImplBase {
        @Override
        public void fetchPartitions(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
            arrived(new Held(GATEWAY, request, observer));
        }

        @Override
        public void listOffsets(ListTopicOffsetsRequest request, StreamObserver<ListTopicOffsetsResponse> observer) {
            ListTopicOffsetsResponse.Builder answer = ListTopicOffsetsResponse.newBuilder();
            request.getPartitionsList().forEach(p -> answer.addOffsets(PartitionOffset.newBuilder().setPartition(p).setOffset(0)));
            observer.onNext(answer.build());
            observer.onCompleted();
        }
    }

    private final class StandInNodeService extends PartitionServiceGrpc.PartitionServiceImplBase {
        @Override
        public void fetchPartitions(FetchPartitionsRequest request, StreamObserver<FetchPartitionsResponse> observer) {
            arrived(new Held(NODE, request, observer));
        }
    }
}
