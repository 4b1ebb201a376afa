package io.strata.node.replica;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderStateTest {

    private static final long LAG_MS = 10_000;

    private static LeaderState leaderOf3(long nowMs) {
        return new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2, 3), 0, nowMs);
    }

    @Test
    void theHighWatermarkIsTheLowestLogEndOffsetInTheIsr() {
        LeaderState state = leaderOf3(0);

        assertThat(state.onFollowerFetch(2, 100, 100, 1)).isZero();
        assertThat(state.onFollowerFetch(3, 60, 100, 1)).isEqualTo(60);
        assertThat(state.onFollowerFetch(3, 100, 120, 2)).isEqualTo(100);
        assertThat(state.onFollowerFetch(2, 120, 120, 3)).isEqualTo(100);
    }

    @Test
    void theHighWatermarkNeverGoesBack() {
        LeaderState state = leaderOf3(0);
        state.onFollowerFetch(2, 100, 100, 1);
        state.onFollowerFetch(3, 100, 100, 1);

        assertThat(state.onFollowerFetch(3, 40, 100, 2)).isEqualTo(100);
    }

    @Test
    void aFollowerThatStopsFetchingLeavesTheIsrAfterTheLagTime() {
        LeaderState state = leaderOf3(0);
        state.onFollowerFetch(2, 50, 50, 1_000);
        state.onFollowerFetch(3, 50, 50, 1_000);

        state.onFollowerFetch(2, 80, 80, 10_500);
        assertThat(state.proposedIsr(10_500, LAG_MS)).isEmpty();

        state.onFollowerFetch(2, 90, 90, 11_500);
        assertThat(state.proposedIsr(11_500, LAG_MS)).contains(Set.of(1, 2));
    }

    @Test
    void aFollowerThatKeepsUpWithThePreviousFetchStaysInSyncUnderContinuousWrites() {
        LeaderState state = leaderOf3(0);
        long leaderEnd = 0;
        for (long now = 1_000; now <= 60_000; now += 1_000) {
            long previousEnd = leaderEnd;
            leaderEnd += 100;
            state.onFollowerFetch(2, previousEnd, leaderEnd, now);
            state.onFollowerFetch(3, previousEnd, leaderEnd, now);
        }

        assertThat(state.proposedIsr(60_000, LAG_MS)).isEmpty();
    }

    @Test
    void anOutOfSyncFollowerRejoinsOnceItReachesTheHighWatermark() {
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2), 0, 0);
        state.onFollowerFetch(2, 500, 500, 1);
        assertThat(state.highWatermark()).isEqualTo(500);

        state.onFollowerFetch(3, 300, 500, 2);
        assertThat(state.proposedIsr(2, LAG_MS)).isEmpty();

        state.onFollowerFetch(3, 500, 500, 3);
        assertThat(state.proposedIsr(3, LAG_MS)).contains(Set.of(1, 2, 3));

        state.isrChanged(Set.of(1, 2, 3), 8, 500);
        assertThat(state.isr()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(state.partitionEpoch()).isEqualTo(8);
        assertThat(state.proposedIsr(3, LAG_MS)).isEmpty();
    }

    @Test
    void aFollowerPastAStaleHighWatermarkJoinsOnlyOnceItHasWhatTheLeaderInherited() {
        // A new leader took epoch 5 with 500 records, knowing the high watermark only as 100.
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2), 100, 0);
        state.epochStartOffset(500);

        state.onFollowerFetch(3, 200, 500, 1);
        assertThat(state.highWatermark()).isEqualTo(100);
        assertThat(state.proposedIsr(1, LAG_MS)).isEmpty();

        state.onFollowerFetch(3, 500, 500, 2);
        assertThat(state.proposedIsr(2, LAG_MS)).contains(Set.of(1, 2, 3));
    }

    @Test
    void aLeaderAloneInItsIsrAdvancesTheHighWatermarkToItsLogEnd() {
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1), 0, 0);

        assertThat(state.maybeAdvanceHighWatermark(42)).isEqualTo(42);
    }

    @Test
    void aProposedMemberHoldsTheHighWatermarkFromTheProposalUntilANewerIsrArrives() {
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2), 0, 0);
        state.onFollowerFetch(2, 500, 500, 1);
        state.onFollowerFetch(3, 500, 500, 2);
        Set<Integer> proposal = state.proposing(state.proposedIsr(2, LAG_MS).orElseThrow()).orElseThrow();
        assertThat(proposal).containsExactlyInAnyOrder(1, 2, 3);

        // The metadata has accepted (node 3 is electable now), the answer is still on its way; the
        // leader writes on, node 2 keeps up, node 3 does not.
        state.onFollowerFetch(2, 800, 800, 3);
        assertThat(state.highWatermark()).as("held at node 3's log end").isEqualTo(500);
        assertThat(state.proposedIsr(3, LAG_MS)).as("unsettled: proposed again until an answer comes").isPresent();

        state.isrChanged(Set.of(1, 2, 3), 8, 800);
        assertThat(state.joining()).isEmpty();
        state.onFollowerFetch(3, 800, 800, 4);
        assertThat(state.highWatermark()).isEqualTo(800);
        assertThat(state.proposedIsr(4, LAG_MS)).isEmpty();
    }

    @Test
    void aJoinerThatFellBelowTheHighWatermarkSinceTheCheckIsLeftOutOfTheProposal() {
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2), 0, 0);
        state.onFollowerFetch(2, 500, 500, 1);
        state.onFollowerFetch(3, 500, 500, 2);
        Set<Integer> checked = state.proposedIsr(2, LAG_MS).orElseThrow();
        state.onFollowerFetch(2, 700, 700, 3); // the high watermark moves on before the proposal is marked

        assertThat(state.proposing(checked)).isEmpty();
        assertThat(state.joining()).isEmpty();
    }

    @Test
    void anIsrOlderThanTheOneKnownIsIgnored() {
        // The answer to an expansion (partition epoch 8) arrives after the push of the controller's
        // fence of node 2 (partition epoch 9): taking it would bring dead node 2 back.
        LeaderState state = new LeaderState(1, 5, 7, List.of(1, 2, 3), Set.of(1, 2), 0, 0);
        assertThat(state.isrChanged(Set.of(1, 3), 9, 0)).isTrue();

        assertThat(state.isrChanged(Set.of(1, 2, 3), 8, 0)).isFalse();
        assertThat(state.isr()).containsExactlyInAnyOrder(1, 3);
        assertThat(state.partitionEpoch()).isEqualTo(9);
    }
}
