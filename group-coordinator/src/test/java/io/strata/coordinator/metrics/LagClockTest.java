package io.strata.coordinator.metrics;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagClockTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aCommittedOffsetIsAsOldAsTheFirstLogEndSeenPastIt() {
        LagClock<String> clock = new LagClock<>(10);
        clock.sample("p", 100, 0);
        clock.sample("p", 150, 10 * S);
        clock.sample("p", 200, 20 * S);
        assertThat(clock.lagSeconds("p", 200, 30 * S)).as("caught up").isZero();
        assertThat(clock.lagSeconds("p", 150, 30 * S)).as("first past 150 at 20 s").isEqualTo(10.0);
        assertThat(clock.lagSeconds("p", 120, 30 * S)).as("first past 120 at 10 s").isEqualTo(20.0);
        assertThat(clock.lagSeconds("p", 50, 30 * S)).as("older than every sample: a lower bound").isEqualTo(30.0);
        assertThat(clock.lagSeconds("p", -1, 30 * S)).as("nothing committed").isZero();
        assertThat(clock.lagSeconds("other", 0, 30 * S)).as("never sampled").isZero();
    }

    @Test
    void aLogEndThatDoesNotMoveKeepsItsFirstTimeAndOldSamplesAreDropped() {
        LagClock<String> clock = new LagClock<>(2);
        clock.sample("p", 100, 0);
        clock.sample("p", 100, 5 * S);
        clock.sample("p", 110, 6 * S);
        assertThat(clock.lagSeconds("p", 90, 10 * S)).isEqualTo(10.0);
        clock.sample("p", 120, 7 * S);
        assertThat(clock.lagSeconds("p", 90, 10 * S)).as("the first sample dropped").isEqualTo(4.0);
    }

    @Test
    void aShorterLogStartsOverAndForgottenPartitionsGoAway() {
        LagClock<String> clock = new LagClock<>(10);
        clock.sample("p", 100, 0);
        clock.sample("p", 5, 10 * S);
        assertThat(clock.lagSeconds("p", 0, 20 * S)).isEqualTo(10.0);
        clock.retainOnly(Set.of());
        assertThat(clock.lagSeconds("p", 0, 20 * S)).isZero();
        assertThatThrownBy(() -> new LagClock<String>(0)).hasMessageContaining("maxSamples must be at least 1");
    }
}
