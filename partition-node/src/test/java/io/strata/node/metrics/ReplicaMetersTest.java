package io.strata.node.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica's meters are registered once and show each new reading: refreshes register nothing,
 * a follower's lag gauge comes and goes with the follower, and removal leaves no meter behind.
 */
class ReplicaMetersTest {

    private static final TopicPartition ID = new TopicPartition("orders", 4);

    @TempDir
    Path dataDir;
    private ReplicaManager manager;
    private Replica replica;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() throws IOException {
        manager = ReplicaManager.open(dataDir, 16, LogConfig.DEFAULTS, Clock.systemUTC(), 1, false, 2);
        manager.create(ID, "id", Map.of());
        replica = manager.get(ID);
        replica.becomeLeader(new LeaderState(1, 2, 0, List.of(1, 2), Set.of(1, 2), 0, System.currentTimeMillis()));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags("topic", "orders", "partition", "4").tags(tags).gauge().value();
    }

    @Test
    void refreshesShowNewValuesWithTheSameMeters() {
        ReplicaMeters meters = ReplicaMeters.register(registry, replica, ReplicaReading.of(replica, 1));
        Set<Meter> first = identities();
        assertThat(first).hasSize(8); // 4 gauges, 3 counters, the lag of follower 2
        assertThat(gauge("strata.partition.log.end.offset")).isZero();

        for (int i = 0; i < 50; i++) {
            replica.append(TestBatchesAccess.batch(), false, 1000);
            meters.update(ReplicaReading.of(replica, 1));
        }

        assertThat(identities()).as("the very same meters, none re-registered").isEqualTo(first);
        assertThat(gauge("strata.partition.log.end.offset")).isEqualTo(150);
        assertThat(gauge("strata.partition.follower.lag", "follower", "2")).isEqualTo(150);
        assertThat(gauge("strata.partition.size")).isPositive();
    }

    @Test
    void aFollowersLagComesAndGoesWithTheFollowerAndRemovalLeavesNothing() {
        ReplicaMeters meters = ReplicaMeters.register(registry, replica, ReplicaReading.of(replica, 1));
        replica.becomeLeader(new LeaderState(1, 3, 0, List.of(1, 3), Set.of(1, 3), 0, System.currentTimeMillis()));
        meters.update(ReplicaReading.of(replica, 1));

        assertThat(registry.find("strata.partition.follower.lag").gauges())
                .extracting(g -> g.getId().getTag("follower")).containsExactly("3");
        assertThat(meters.size()).isEqualTo(8);

        meters.remove();
        assertThat(registry.getMeters()).isEmpty();
    }

    private Set<Meter> identities() {
        Set<Meter> meters = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        meters.addAll(registry.getMeters());
        return meters;
    }
}
