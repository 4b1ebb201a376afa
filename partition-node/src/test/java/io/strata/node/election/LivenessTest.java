package io.strata.node.election;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LivenessTest {

    @Test
    void liveMeansUpInTheMetadataAndInTheView() {
        Liveness liveness = new Liveness(0);
        liveness.onView(Set.of(1, 2, 3), 0);

        assertThat(liveness.live(Set.of(1, 2, 3), 0)).containsExactly(1, 2, 3);
        assertThat(liveness.live(Set.of(1, 3), 0)).containsExactly(1, 3);
        liveness.onView(Set.of(1, 3), 10);
        assertThat(liveness.live(Set.of(1, 2, 3), 10)).containsExactly(1, 3);
    }

    @Test
    void aNodeNeverSeenCountsAsLiveOnlyDuringTheJoinGrace() {
        Liveness liveness = new Liveness(10_000);
        assertThat(liveness.known()).isFalse();
        liveness.onView(Set.of(1, 2), 1_000);

        assertThat(liveness.known()).isTrue();
        assertThat(liveness.live(Set.of(1, 2, 3), 5_000)).containsExactly(1, 2, 3);
        assertThat(liveness.live(Set.of(1, 2, 3), 11_000)).containsExactly(1, 2);
    }

    @Test
    void aNodeSeenAndGoneIsDeadAtOnceEvenDuringTheGrace() {
        Liveness liveness = new Liveness(10_000);
        liveness.onView(Set.of(1, 2, 3), 0);
        liveness.onView(Set.of(1, 2), 100);

        assertThat(liveness.live(Set.of(1, 2, 3), 200)).containsExactly(1, 2);
        liveness.onView(Set.of(1, 2, 3), 300);
        assertThat(liveness.live(Set.of(1, 2, 3), 300)).containsExactly(1, 2, 3);
    }

    @Test
    void aNodeOutsideTheRaftGroupIsLiveWhileUpInTheMetadata() {
        Liveness liveness = new Liveness(0, node -> node <= 3);
        liveness.onView(Set.of(1, 2, 3), 0);

        assertThat(liveness.live(Set.of(1, 2, 3, 4), 60_000)).containsExactly(1, 2, 3, 4);
        assertThat(liveness.live(Set.of(1, 2, 3), 60_000)).containsExactly(1, 2, 3);
    }
}
