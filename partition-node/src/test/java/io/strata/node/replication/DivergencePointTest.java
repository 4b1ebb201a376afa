package io.strata.node.replication;

import io.strata.node.log.EpochEndOffset;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

class DivergencePointTest {

    /** A log's epochs as OffsetsForLeaderEpoch answers them: epoch → start offset, and its end offset. */
    private static IntFunction<EpochEndOffset> ends(long logEndOffset, Map<Integer, Long> starts) {
        TreeMap<Integer, Long> epochs = new TreeMap<>(starts);
        return epoch -> {
            Map.Entry<Integer, Long> floor = epochs.floorEntry(epoch);
            if (floor == null) {
                return new EpochEndOffset(-1, -1);
            }
            Map.Entry<Integer, Long> next = epochs.higherEntry(floor.getKey());
            return new EpochEndOffset(floor.getKey(), next == null ? logEndOffset : next.getValue());
        };
    }

    @Test
    void aFollowerWithTheLeadersEpochKeepsWhatTheLeaderHasOfIt() {
        long cut = DivergencePoint.find(2, ends(12, Map.of(0, 0L, 2, 8L)), ends(20, Map.of(0, 0L, 2, 8L, 3, 15L)), 0, 0);

        assertThat(cut).isEqualTo(15);
    }

    @Test
    void aFollowerWhoseOlderEpochEndsBeforeTheLeadersCutsAtItsOwnEnd() {
        // Leader: epoch 0 wrote 0..7, epoch 2 from 8. Follower: epoch 0 wrote only 0..4, then it
        // led epoch 1 alone and wrote 5..6, which the leader has as epoch 0 records.
        long cut = DivergencePoint.find(1, ends(7, Map.of(0, 0L, 1, 5L)), ends(20, Map.of(0, 0L, 2, 8L)), 0, 0);

        assertThat(cut).isEqualTo(5);
    }

    @Test
    void aFollowerLackingTheLeadersEpochAsksAgainAboutItsOwnOlderOne() {
        // Leader: epochs 0 (0..9) and 2 (10..). Follower: epochs 0 (0..5), 1 (6..8), 3 (9..11).
        // Asking about 3 the leader answers 2; the follower has no 2, so everything after its
        // epoch 1 is foreign; asking about 1 the leader answers 0, which ends on the follower at 6.
        long cut = DivergencePoint.find(3, ends(12, Map.of(0, 0L, 1, 6L, 3, 9L)), ends(30, Map.of(0, 0L, 2, 10L)), 0, 0);

        assertThat(cut).isEqualTo(6);
    }

    @Test
    void aLeaderWithoutEpochsCutsTheFollowerToItsHighWatermark() {
        long cut = DivergencePoint.find(1, ends(10, Map.of(1, 0L)), ends(0, Map.of()), 4, 0);

        assertThat(cut).isEqualTo(4);
    }

    @Test
    void aFollowerWithoutEpochsIsNotCut() {
        long cut = DivergencePoint.find(-1, ends(0, Map.of()), ends(30, Map.of(0, 0L)), 0, 0);

        assertThat(cut).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFollowerWhoseEpochsAreAllNewerThanTheLeadersIsCutToItsLogStart() {
        long cut = DivergencePoint.find(5, ends(10, Map.of(4, 3L)), ends(30, Map.of(1, 0L)), 0, 3);

        assertThat(cut).isEqualTo(3);
    }
}
