package io.strata.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataFreshnessTest {

    private static final long S = 1_000_000_000L;
    private static final Duration LIMIT = Duration.ofSeconds(15);

    @Test
    void noSnapshotIsStale() {
        MetadataFreshness freshness = new MetadataFreshness(0);
        assertThat(freshness.judge(false, 0, 0, LIMIT).current()).isFalse();
        assertThat(freshness.judge(false, 0, 0, LIMIT).reason()).isEqualTo("no metadata snapshot yet");
    }

    @Test
    void anUnansweredServiceMakesTheCacheStaleAfterTheLimitAndAnAnswerClearsIt() {
        MetadataFreshness freshness = new MetadataFreshness(0);
        freshness.probed(7, 7, 1 * S);
        assertThat(freshness.judge(true, 7, 16 * S, LIMIT).current()).isTrue();
        MetadataFreshness.Judgement stale = freshness.judge(true, 7, 17 * S, LIMIT);
        assertThat(stale.current()).isFalse();
        assertThat(stale.reason()).isEqualTo("metadata version 7 confirmed current 16000 ms ago (limit 15000 ms)");
        freshness.probed(7, 7, 18 * S);
        assertThat(freshness.judge(true, 7, 18 * S, LIMIT).current()).isTrue();
    }

    @Test
    void aWatchThatStopsDeliveringIsStaleThoughTheServiceAnswers() {
        MetadataFreshness freshness = new MetadataFreshness(0);
        freshness.probed(7, 7, 0);
        for (long t = 2; t <= 20; t += 2) {
            freshness.probed(9, 7, t * S);
        }
        MetadataFreshness.Judgement stale = freshness.judge(true, 7, 20 * S, LIMIT);
        assertThat(stale.current()).isFalse();
        assertThat(stale.reason()).endsWith("; the service is at 9");
        assertThat(freshness.judge(true, 9, 20 * S, LIMIT).current()).as("the watch delivered version 9").isTrue();
    }

    @Test
    void aBusyClusterWhoseCacheTrailsByOneChangeIsNotStale() {
        MetadataFreshness freshness = new MetadataFreshness(0);
        for (long t = 1; t <= 60; t++) {
            // every probe finds the service one change ahead; by the next probe the cache got there
            freshness.probed(t + 1, t, t * S);
        }
        assertThat(freshness.judge(true, 60, 61 * S, LIMIT).current()).isTrue();
    }
}
