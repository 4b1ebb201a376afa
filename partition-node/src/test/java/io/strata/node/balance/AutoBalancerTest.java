package io.strata.node.balance;

import io.strata.node.balance.BalancePlanner.Placement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoBalancerTest {

    private static final Map<Integer, String> FOUR = Map.of(1, "", 2, "", 3, "", 4, "");
    private static final Map<Integer, Long> THREE_UP = Map.of(1, 1L, 2, 1L, 3, 1L);
    private static final Map<Integer, Long> FOUR_UP = Map.of(1, 1L, 2, 1L, 3, 1L, 4, 1L);

    private static List<Placement> threeNodes() {
        List<Placement> placements = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            placements.add(new Placement("t", p, List.of(1 + p % 3, 1 + (p + 1) % 3)));
        }
        return placements;
    }

    private static List<Placement> apply(List<Placement> current, List<Placement> batch) {
        Map<String, Placement> byName = new HashMap<>();
        batch.forEach(p -> byName.put(p.name(), p));
        return current.stream().map(p -> byName.getOrDefault(p.name(), p)).toList();
    }

    @Test
    void aJoinStartsARunThatGoesBatchByBatchAndWaitsWhileMovesRun() {
        AutoBalancer balancer = new AutoBalancer(3);
        List<Placement> placements = threeNodes();
        assertThat(balancer.maybeNextBatch(THREE_UP, Map.of(1, "", 2, "", 3, ""), placements, false)).isEmpty();

        List<Placement> batch = balancer.maybeNextBatch(FOUR_UP, FOUR, placements, false);
        assertThat(batch).hasSize(3);
        assertThat(balancer.running()).isTrue();
        placements = apply(placements, batch);
        assertThat(balancer.maybeNextBatch(FOUR_UP, FOUR, placements, true)).as("moves still running").isEmpty();

        int batches = 1;
        while (!(batch = balancer.maybeNextBatch(FOUR_UP, FOUR, placements, false)).isEmpty()) {
            assertThat(batch).hasSizeLessThanOrEqualTo(3);
            placements = apply(placements, batch);
            batches++;
        }
        assertThat(batches).isGreaterThan(1);
        assertThat(balancer.running()).isFalse();
        assertThat(balancer.takeFinished()).isTrue();
        assertThat(balancer.takeFinished()).as("reported once").isFalse();
        assertThat(BalancePlanner.replicaCounts(placements, FOUR.keySet())).containsValues(6, 6, 6, 6);
    }

    @Test
    void nodesUpAtTheFirstLookAreABaselineNotJoins() {
        AutoBalancer balancer = new AutoBalancer(3);
        // node 4 holds nothing (drained, say) when this controller first looks: it is left alone
        assertThat(balancer.maybeNextBatch(FOUR_UP, FOUR, threeNodes(), false)).isEmpty();
        assertThat(balancer.running()).isFalse();
    }

    @Test
    void aRestartedNodeHoldingItsShareStartsNothing() {
        AutoBalancer balancer = new AutoBalancer(3);
        Map<Integer, String> three = Map.of(1, "", 2, "", 3, "");
        balancer.maybeNextBatch(THREE_UP, three, threeNodes(), false);
        assertThat(balancer.maybeNextBatch(Map.of(1, 1L, 2, 9L, 3, 1L), three, threeNodes(), false)).isEmpty();
        assertThat(balancer.running()).isFalse();
    }

    @Test
    void aNodeUpButNotLiveYetIsCountedAsJoinedOnceLive() {
        AutoBalancer balancer = new AutoBalancer(3);
        balancer.maybeNextBatch(THREE_UP, Map.of(1, "", 2, "", 3, ""), threeNodes(), false);
        assertThat(balancer.maybeNextBatch(FOUR_UP, Map.of(1, "", 2, "", 3, ""), threeNodes(), false)).isEmpty();
        assertThat(balancer.maybeNextBatch(FOUR_UP, FOUR, threeNodes(), false)).isNotEmpty();
    }

    @Test
    void maxMovesBelowOneIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new AutoBalancer(0)).hasMessageContaining("strata.node.auto-balance.max-moves");
    }
}
