package io.strata.node.replica;

import io.strata.node.log.LogConfig;
import io.strata.node.log.TestBatchesAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a replica reports to the node's metrics: producer and consumer traffic (not replication),
 * each ISR change the metadata accepted (and none it refused), and acks=all waits.
 */
class ReplicaObservationTest {

    private static final TopicPartition ID = new TopicPartition("t", 0);

    @TempDir
    Path dataDir;
    private ReplicaManager manager;
    private Replica replica;
    private final List<String> isrChanges = new CopyOnWriteArrayList<>();
    private final List<Long> ackWaits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        ReplicaEvents events = new ReplicaEvents() {
            @Override
            public void isrChanged(TopicPartition partition, Set<Integer> before, Set<Integer> after) {
                isrChanges.add(partition + " " + before.stream().sorted().toList() + " -> " + after.stream().sorted().toList());
            }

            @Override
            public void acknowledged(TopicPartition partition, long waitNanos) {
                ackWaits.add(waitNanos);
            }
        };
        manager = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2,
                new ReplicaDeleter(), events);
        manager.create(ID, "id", Map.of("min.insync.replicas", "1"));
        replica = manager.get(ID);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void producersAndConsumersAreCountedButReplicationIsNot() {
        LeaderState state = new LeaderState(1, 3, 0, List.of(1, 2), Set.of(1, 2), 0, System.currentTimeMillis());
        replica.becomeLeader(state);
        ByteBuffer batch = TestBatchesAccess.batch();
        int batchBytes = batch.remaining();

        replica.append(batch, false, 1000);
        assertThat(replica.traffic().recordsIn()).isEqualTo(3);
        assertThat(replica.traffic().bytesIn()).isEqualTo(batchBytes);

        assertThat(replica.readForFollower(2, 0, 3, 10_000).records().remaining()).isEqualTo(batchBytes);
        assertThat(replica.traffic().bytesOut()).as("a follower's fetch is replication, not consumer traffic").isZero();

        replica.readForFollower(2, 3, 3, 10_000);
        assertThat(replica.read(0, 10_000).records().remaining()).isEqualTo(batchBytes);
        assertThat(replica.traffic().bytesOut()).isEqualTo(batchBytes);
    }

    @Test
    void acceptedIsrChangesAreReportedAndRefusedOnesAreNot() {
        LeaderState state = new LeaderState(1, 3, 5, List.of(1, 2, 3), Set.of(1, 2, 3), 0, System.currentTimeMillis());
        replica.becomeLeader(state);

        assertThat(replica.isrChanged(state, Set.of(1, 2), 6)).isTrue();
        assertThat(replica.isrChanged(state, Set.of(1), 6)).as("not a newer partition epoch").isFalse();
        assertThat(replica.isrChanged(state, Set.of(1, 2, 3), 7)).isTrue();

        assertThat(isrChanges).containsExactly("t-0 [1, 2, 3] -> [1, 2]", "t-0 [1, 2] -> [1, 2, 3]");
    }

    @Test
    void anAcksAllAppendReportsItsWaitOnceItsFollowersHaveIt() {
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 2), Set.of(1, 2), 0, System.currentTimeMillis()));

        CompletionStage<?> pending = replica.append(TestBatchesAccess.batch(), true, 60_000);
        assertThat(ackWaits).isEmpty();
        replica.readForFollower(2, 3, 3, 1000);

        assertThat(pending.toCompletableFuture()).isCompleted();
        assertThat(ackWaits).hasSize(1).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
        replica.append(TestBatchesAccess.batch(), false, 1000);
        assertThat(ackWaits).as("acks=1 waits for nobody").hasSize(1);
    }
}
