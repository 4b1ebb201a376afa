package io.strata.node.replication;

import io.strata.api.error.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottleConfigsTest {

    private static final long START = 4_000_000;

    @TempDir
    Path dataDir;

    private final ReassignmentThrottle throttle = new ReassignmentThrottle(START, System::nanoTime);

    @Test
    void aDynamicFollowerRateIsInForceAtOnceAndDeletingItReturnsToTheStartValue() throws Exception {
        ThrottleConfigs configs = ThrottleConfigs.open(dataDir, START, throttle);
        assertThat(throttle.bytesPerSecond()).isEqualTo(START);

        configs.alter(Map.of("follower.replication.throttled.rate", "1048576", "leader.replication.throttled.rate", "1048576"),
                Set.of(), false);
        assertThat(throttle.bytesPerSecond()).isEqualTo(1_048_576);
        assertThat(configs.followerRate()).isEqualTo(1_048_576);

        configs.alter(Map.of(), Set.of("follower.replication.throttled.rate", "leader.replication.throttled.rate",
                "replica.alter.log.dirs.io.max.bytes.per.second"), false);
        assertThat(throttle.bytesPerSecond()).isEqualTo(START);
        assertThat(configs.dynamic()).isEmpty();
    }

    @Test
    void theDynamicValuesSurviveARestart() throws Exception {
        ThrottleConfigs.open(dataDir, START, throttle).alter(Map.of("follower.replication.throttled.rate", " 2000 "), Set.of(), false);

        ReassignmentThrottle afterRestart = new ReassignmentThrottle(START, System::nanoTime);
        ThrottleConfigs reopened = ThrottleConfigs.open(dataDir, START, afterRestart);

        assertThat(reopened.dynamic()).containsExactly(Map.entry("follower.replication.throttled.rate", "2000"));
        assertThat(afterRestart.bytesPerSecond()).isEqualTo(2000);
    }

    @Test
    void aBadNameOrValueIsRefusedNamingItAndChangesNothing() throws Exception {
        ThrottleConfigs configs = ThrottleConfigs.open(dataDir, START, throttle);

        assertThatThrownBy(() -> configs.alter(Map.of("follower.replication.throttled.rate", "fast"), Set.of(), false))
                .isInstanceOf(StrataException.class)
                .hasMessageContaining("value 'fast' of 'follower.replication.throttled.rate' is not a whole number");
        assertThatThrownBy(() -> configs.alter(Map.of("leader.replication.throttled.rate", "-1"), Set.of(), false))
                .hasMessageContaining("is negative");
        assertThatThrownBy(() -> configs.alter(Map.of("follower.replication.throttled.rate", "5", "log.retention.ms", "1"),
                Set.of(), false)).hasMessageContaining("config 'log.retention.ms' is not a dynamic config of this broker");
        assertThatThrownBy(() -> configs.alter(Map.of("follower.replication.throttled.rate", "5"),
                Set.of("follower.replication.throttled.rate"), false)).hasMessageContaining("both set and deleted");
        configs.alter(Map.of("follower.replication.throttled.rate", "5"), Set.of(), true); // validate only

        assertThat(configs.dynamic()).isEmpty();
        assertThat(throttle.bytesPerSecond()).isEqualTo(START);
        assertThat(dataDir.resolve(ThrottleConfigs.FILE)).doesNotExist();
    }

    @Test
    void aFileEditedIntoABadValueStopsTheStartNamingIt() throws Exception {
        Files.writeString(dataDir.resolve(ThrottleConfigs.FILE), "follower.replication.throttled.rate=lots\n");
        assertThatThrownBy(() -> ThrottleConfigs.open(dataDir, START, throttle))
                .hasMessageContaining(ThrottleConfigs.FILE).hasMessageContaining("'lots'");
    }

    @Test
    void aStartValueThatIsNotPositiveIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> ThrottleConfigs.open(dataDir, 0, throttle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strata.node.reassignment-throttle-bytes-per-second: 0 is not positive");
        assertThat(ThrottleConfigs.NAMES).isEqualTo(List.of("follower.replication.throttled.rate",
                "leader.replication.throttled.rate", "replica.alter.log.dirs.io.max.bytes.per.second"));
    }
}
