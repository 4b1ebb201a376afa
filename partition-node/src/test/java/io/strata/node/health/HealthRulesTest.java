package io.strata.node.health;

import io.strata.api.health.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRulesTest {

    private static final long MS = 1_000_000;

    @Test
    void somethingRecentIsUpUntilItHasBeenSilentPastTheLimit() {
        Duration limit = Duration.ofSeconds(10);
        assertThat(HealthRules.recent("answered", 0, 10_000 * MS, limit).up()).isTrue();
        Verdict late = HealthRules.recent("the metadata service answered", 0, 10_001 * MS, limit);
        assertThat(late.up()).isFalse();
        assertThat(late.reason()).isEqualTo("the metadata service answered 10001 ms ago (limit 10000 ms)");
        assertThat(HealthRules.recent("answered", 10_001 * MS, 10_002 * MS, limit).up()).as("it happened again").isTrue();
    }

    @Test
    void aControllerThreadThatStoppedTickingIsDownUnlessTheNodeIsNoRaftMember() {
        Duration limit = Duration.ofSeconds(60);
        long now = 200_000 * MS;
        assertThat(HealthRules.controller(true, now - 60_000 * MS, now, limit).up()).as("at the limit").isTrue();
        Verdict wedged = HealthRules.controller(true, now - 60_001 * MS, now, limit);
        assertThat(wedged.up()).isFalse();
        assertThat(wedged.reason()).isEqualTo("the controller thread last ticked 60001 ms ago (limit 60000 ms)");
        assertThat(HealthRules.controller(true, now, now + 1, limit).up()).as("it ticked again").isTrue();
        Verdict standalone = HealthRules.controller(false, 0, now, limit);
        assertThat(standalone.up()).as("no controller thread to watch").isTrue();
        assertThat(standalone.reason()).isEqualTo("not a raft member");
    }

    @Test
    void aDiskBelowTheFloorIsDownAndUpAgainOnceSpaceIsFreed() {
        assertThat(HealthRules.diskFree(8 * 1024 * 1024, 8 * 1024 * 1024).up()).isTrue();
        Verdict full = HealthRules.diskFree(1000, 8 * 1024 * 1024);
        assertThat(full.up()).isFalse();
        assertThat(full.reason()).isEqualTo("1000 bytes free (minimum 8388608)");
        assertThat(HealthRules.diskFree(-1, 0).up()).as("an unreadable file system").isFalse();
    }

    @Test
    void aFetcherWithoutARoundPastTheLimitIsStuckAndNamed() {
        Duration limit = Duration.ofSeconds(30);
        long now = 100_000 * MS;
        assertThat(HealthRules.fetchers(Map.of(), now, limit).up()).as("no fetcher").isTrue();
        assertThat(HealthRules.fetchers(Map.of(2, now - 500 * MS, 3, now - 30_000 * MS), now, limit).up()).isTrue();
        Verdict stuck = HealthRules.fetchers(Map.of(2, now - 500 * MS, 3, now - 31_000 * MS), now, limit);
        assertThat(stuck.up()).isFalse();
        assertThat(stuck.reason()).isEqualTo("the fetcher from leader node 3 completed no round for 31000 ms (limit 30000 ms)");
        assertThat(HealthRules.fetchers(Map.of(2, now, 3, now), now, limit).up()).as("rounds again").isTrue();
    }
}
