package io.strata.node.rpc;

import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.node.config.NodeConfig;
import io.strata.node.log.LogConfig;
import io.strata.node.log.TestBatchesAccess;
import io.strata.node.replica.LeaderState;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer's read of many partitions in one call ({@code FetchPartitions}), on real replicas:
 * only partitions with records or an error are answered, in request order within the byte bound;
 * a partition's error is its own; an idle call waits, and an append to any of its partitions
 * answers it; every watch is let go once it has answered.
 */
class PartitionsFetchHandlerTest {

    private static final int LEADER = 2;
    private static final int BATCHES = 4;

    @TempDir
    Path dir;
    private ReplicaManager replicas;
    private final PartitionsFetchHandler handler = new PartitionsFetchHandler();
    private int batchBytes;

    @BeforeEach
    void start() throws IOException {
        replicas = ReplicaManager.open(dir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), LEADER, false, 100);
        handler.replicas = replicas;
        handler.config = config();
        batchBytes = TestBatchesAccess.batch().remaining();
    }

    @AfterEach
    void stop() {
        replicas.close();
    }

    /** The node's limits the handler reads: a 30 s wait cap, 1 MiB by default, 16 MiB at most. */
    private static NodeConfig config() {
        return (NodeConfig) Proxy.newProxyInstance(NodeConfig.class.getClassLoader(), new Class<?>[] {NodeConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "maxFetchWait" -> Duration.ofSeconds(30);
                    case "defaultFetchBytes" -> 1 << 20;
                    case "maxFetchBytes" -> 16 << 20;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Partitions t-0 … t-(count-1), led here; those in {@code withData} hold {@link #BATCHES} batches. */
    private void lead(int count, Set<Integer> withData) throws IOException {
        for (int p = 0; p < count; p++) {
            TopicPartition id = new TopicPartition("t", p);
            replicas.create(id, "id", Map.of());
            Replica replica = replicas.get(id);
            replica.becomeLeader(new LeaderState(LEADER, 1, 0, List.of(LEADER), Set.of(LEADER), 0, System.currentTimeMillis()));
            if (withData.contains(p)) {
                append(p, BATCHES);
            }
        }
    }

    private void append(int partition, int batches) {
        for (int b = 0; b < batches; b++) {
            replicas.get(new TopicPartition("t", partition)).append(TestBatchesAccess.batch(), false, 1000);
        }
    }

    private static FetchPartitionsRequest request(int count, int maxBytes, int maxWaitMs) {
        FetchPartitionsRequest.Builder request = FetchPartitionsRequest.newBuilder().setMaxBytes(maxBytes).setMaxWaitMs(maxWaitMs);
        for (int p = 0; p < count; p++) {
            request.addPartitions(PartitionFetch.newBuilder().setTopic("t").setPartition(p));
        }
        return request.build();
    }

    private FetchPartitionsResponse fetch(FetchPartitionsRequest request) {
        return handler.fetch(request).await().atMost(Duration.ofSeconds(30));
    }

    private static List<Integer> served(FetchPartitionsResponse response) {
        return response.getPartitionsList().stream().map(PartitionRecords::getPartition).toList();
    }

    @Test
    void onlyPartitionsWithRecordsAreAnsweredWithinTheBound() throws IOException {
        lead(6, Set.of(1, 3, 4));

        FetchPartitionsResponse response = fetch(request(6, (int) (BATCHES * batchBytes + 1.5 * batchBytes), 0));

        assertThat(served(response)).as("t-1 whole, t-3 up to the bound, t-4 left for the next call").containsExactly(1, 3);
        assertThat(response.getPartitions(0).getRecords().size()).isEqualTo(BATCHES * batchBytes);
        assertThat(response.getPartitions(1).getRecords().size()).as("whole batches only").isEqualTo(batchBytes);
        assertThat(response.getPartitions(0).getNextOffset()).as("one past the last record read")
                .isEqualTo(replicas.get(new TopicPartition("t", 1)).log().logEndOffset());
        assertThat(response.getPartitions(0).getHighWatermark()).isEqualTo(response.getPartitions(0).getNextOffset());
        assertThat(response.getLeadersList()).as("leaders are the gateway's to name").isEmpty();
    }

    @Test
    void aPartitionsErrorIsItsOwnAndAnswersAtOnce() throws IOException {
        lead(2, Set.of(1));
        FetchPartitionsRequest request = request(2, 0, 10_000).toBuilder()
                .addPartitions(PartitionFetch.newBuilder().setTopic("t").setPartition(9))
                .addPartitions(PartitionFetch.newBuilder().setTopic("t").setPartition(0).setOffset(-1).setMaxBytes(5))
                .build();

        FetchPartitionsResponse response = fetch(request);

        assertThat(served(response)).containsExactly(1, 9, 0);
        assertThat(response.getPartitions(1).getErrorCode()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(response.getPartitions(2).getErrorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(response.getPartitions(2).getErrorMessage()).contains("got -1 and 5");
    }

    @Test
    void anIdleCallWaitsAndAnAppendToAnyPartitionAnswersIt() throws Exception {
        lead(50, Set.of());
        long started = System.nanoTime();
        assertThat(fetch(request(50, 0, 300)).getPartitionsList()).as("nothing arrived").isEmpty();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("ms waited").isGreaterThanOrEqualTo(300);
        assertThat(watches(50)).as("watches left after a wait that timed out").isZero();

        CompletableFuture<FetchPartitionsResponse> waiting = handler.fetch(request(50, 0, 20_000)).subscribeAsCompletionStage();
        await().atMost(Duration.ofSeconds(10)).until(() -> watches(50) == 50);
        append(37, 1);

        FetchPartitionsResponse response = waiting.get(10, TimeUnit.SECONDS);
        assertThat(served(response)).containsExactly(37);
        await().atMost(Duration.ofSeconds(10)).until(() -> watches(50) == 0);
    }

    private int watches(int count) {
        int watches = 0;
        for (int p = 0; p < count; p++) {
            watches += replicas.get(new TopicPartition("t", p)).changeWaits();
        }
        return watches;
    }
}
