package io.strata.node.rpc;

import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader's bound on one ReplicaFetch answer ({@code max_bytes}, Kafka's
 * {@code replica.fetch.response.max.bytes}), on real replicas: partitions are served in request
 * order until the bound is reached, the first with data always gets a batch, the rest are left out.
 */
class ReplicaFetchBoundTest {

    private static final int LEADER = 2;
    private static final int FOLLOWER = 1;
    private static final int BATCHES = 4;

    @TempDir
    Path dir;
    private ReplicaManager replicas;
    private final ReplicaFetchHandler handler = new ReplicaFetchHandler();
    private int batchBytes;

    @BeforeEach
    void start() throws IOException {
        replicas = ReplicaManager.open(dir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), LEADER, false, 100);
        handler.replicas = replicas;
        handler.replication = () -> 1 << 20; // the leader's own bound, for requests that carry none
        batchBytes = TestBatchesAccess.batch().remaining();
    }

    @AfterEach
    void stop() {
        replicas.close();
    }

    /** Partitions t-0 … t-(count-1), led here at epoch 1; those in {@code withData} hold {@link #BATCHES} batches. */
    private void lead(int count, Set<Integer> withData) throws IOException {
        for (int p = 0; p < count; p++) {
            TopicPartition id = new TopicPartition("t", p);
            replicas.create(id, "id", Map.of());
            Replica replica = replicas.get(id);
            replica.becomeLeader(new LeaderState(LEADER, 1, 0, List.of(LEADER, FOLLOWER), Set.of(LEADER, FOLLOWER), 0,
                    System.currentTimeMillis()));
            if (withData.contains(p)) {
                for (int b = 0; b < BATCHES; b++) {
                    replica.append(TestBatchesAccess.batch(), false, 1000);
                }
            }
        }
    }

    private ReplicaFetchResponse fetch(int count, int maxBytes) {
        ReplicaFetchRequest.Builder request = ReplicaFetchRequest.newBuilder().setReplicaId(FOLLOWER).setMaxWaitMs(0)
                .setMaxBytesPerPartition(1 << 20).setMaxBytes(maxBytes);
        for (int p = 0; p < count; p++) {
            request.addPartitions(ReplicaFetchPartition.newBuilder().setTopic("t").setPartition(p).setFetchOffset(0)
                    .setLeaderEpoch(1));
        }
        return handler.fetchUntilData(request.build(), System.nanoTime()).await().atMost(Duration.ofSeconds(10));
    }

    private static List<Integer> served(ReplicaFetchResponse response) {
        return response.getPartitionsList().stream().map(ReplicaFetchPartitionData::getPartition).toList();
    }

    private static long bytes(ReplicaFetchResponse response) {
        return response.getPartitionsList().stream().mapToLong(p -> p.getRecords().size()).sum();
    }

    @Test
    void theLeaderStopsAddingPartitionsOnceTheAnswerIsFull() throws IOException {
        lead(5, Set.of(0, 1, 2, 3, 4));

        ReplicaFetchResponse response = fetch(5, 6 * batchBytes);

        assertThat(served(response)).as("t-0 whole, t-1 up to the bound, the rest left out").containsExactly(0, 1);
        assertThat(response.getPartitions(0).getRecords().size()).isEqualTo(BATCHES * batchBytes);
        assertThat(response.getPartitions(1).getRecords().size()).isEqualTo(2 * batchBytes);
        assertThat(bytes(response)).isEqualTo(6L * batchBytes);
        assertThat(response.getPartitionsList()).allSatisfy(p -> assertThat(p.getErrorValue()).isZero());
    }

    @Test
    void theFirstPartitionWithDataGetsABatchEvenBeyondTheBound() throws IOException {
        lead(3, Set.of(1, 2));

        ReplicaFetchResponse response = fetch(3, 1);

        assertThat(served(response)).as("t-0 has nothing and costs nothing; t-1 gets one batch; t-2 waits")
                .containsExactly(0, 1);
        assertThat(response.getPartitions(0).getRecords().size()).isZero();
        assertThat(response.getPartitions(1).getRecords().size()).isEqualTo(batchBytes);
    }

    @Test
    void aRequestWithoutABoundGetsTheLeadersOwn() throws IOException {
        lead(3, Set.of(0, 1, 2));
        handler.replication = () -> 5 * batchBytes;

        ReplicaFetchResponse response = fetch(3, 0);

        assertThat(served(response)).containsExactly(0, 1);
        assertThat(bytes(response)).isEqualTo(5L * batchBytes);
    }
}
