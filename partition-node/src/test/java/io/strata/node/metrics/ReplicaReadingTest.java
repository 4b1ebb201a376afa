package io.strata.node.metrics;

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
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A reading of a real replica: offsets, ISR counts and each follower's lag behind the leader's log end. */
class ReplicaReadingTest {

    private static final TopicPartition ID = new TopicPartition("orders", 4);

    @TempDir
    Path dataDir;
    private ReplicaManager manager;
    private Replica replica;

    @BeforeEach
    void open() throws IOException {
        manager = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2);
        manager.create(ID, "id", Map.of("min.insync.replicas", "2"));
        replica = manager.get(ID);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aLeaderReadsItsFollowersLagAndIsr() {
        replica.becomeLeader(new LeaderState(1, 2, 0, List.of(1, 2, 3), Set.of(1, 2), 0, System.currentTimeMillis()));
        replica.append(TestBatchesAccess.batch(), false, 1000);
        replica.append(TestBatchesAccess.batch(), false, 1000);
        replica.readForFollower(2, 3, 2, 1000);

        ReplicaReading reading = ReplicaReading.of(replica, 1);

        assertThat(reading.topic()).isEqualTo("orders");
        assertThat(reading.partition()).isEqualTo(4);
        assertThat(reading.leading()).isTrue();
        assertThat(reading.logStartOffset()).isZero();
        assertThat(reading.logEndOffset()).isEqualTo(6);
        assertThat(reading.highWatermark()).isEqualTo(3);
        assertThat(reading.sizeBytes()).isPositive();
        assertThat(reading.followerLag()).as("3 has not fetched yet: the whole log").isEqualTo(Map.of(2, 3L, 3, 6L));
        assertThat(reading.underReplicated()).isTrue();
        assertThat(reading.underMinIsr()).isFalse();
    }

    @Test
    void aFollowerReadsOnlyItsOffsets() {
        replica.becomeFollower(2, 1);

        ReplicaReading reading = ReplicaReading.of(replica, 1);

        assertThat(reading.leading()).isFalse();
        assertThat(reading.followerLag()).isEmpty();
        assertThat(reading.underReplicated()).isFalse();
        assertThat(reading.logEndOffset()).isZero();
    }
}
