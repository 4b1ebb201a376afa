package io.strata.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's own wait ends before the gateway's deadline, so the node answers instead of the gateway cancelling. */
class DeadlineTest {

    @Test
    void aServerWaitsTheRemainingTimeLessATenthAtMostOneSecond() {
        assertThat(Deadline.after(Duration.ofSeconds(30)).serverWaitMs()).isBetween(28_000L, 29_000L);
        assertThat(Deadline.after(Duration.ofSeconds(5)).serverWaitMs()).isBetween(4_000L, 4_500L);
        assertThat(Deadline.afterMs(100).serverWaitMs()).isBetween(1L, 90L);
    }

    @Test
    void aPassedDeadlineStillGivesTheServerOneMillisecond() {
        assertThat(Deadline.afterMs(0).serverWaitMs()).isEqualTo(1);
    }
}
