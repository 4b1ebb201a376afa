package io.strata.node.balance;

import io.strata.node.balance.BalancePlanner.Placement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BalancePlannerTest {

    private static Map<Integer, String> noRacks(int nodes) {
        Map<Integer, String> racks = new HashMap<>();
        for (int node = 1; node <= nodes; node++) {
            racks.put(node, "");
        }
        return racks;
    }

    /** {@code count} partitions of replication factor {@code rf} placed round-robin on nodes 1..nodes. */
    private static List<Placement> roundRobin(int count, int rf, int nodes) {
        List<Placement> placements = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) {
                replicas.add(1 + (p + r) % nodes);
            }
            placements.add(new Placement("t", p, replicas));
        }
        return placements;
    }

    private static List<Placement> applied(List<Placement> current, List<Placement> plan) {
        Map<String, Placement> byName = new HashMap<>();
        current.forEach(p -> byName.put(p.name(), p));
        plan.forEach(p -> byName.put(p.name(), p));
        return current.stream().map(p -> byName.get(p.name())).toList();
    }

    private static int spread(Map<Integer, Integer> counts) {
        return Collections.max(counts.values()) - Collections.min(counts.values());
    }

    @Test
    void aJoinedNodeGetsItsShareOfReplicasAndLeadersWithTheFewestMoves() {
        List<Placement> before = roundRobin(12, 3, 3); // 36 replicas, 12 per node
        List<Placement> plan = BalancePlanner.plan(before, noRacks(4), 100);
        List<Placement> after = applied(before, plan);

        assertThat(BalancePlanner.replicaCounts(after, noRacks(4).keySet())).containsValues(9, 9, 9, 9);
        assertThat(spread(BalancePlanner.leaderCounts(after, noRacks(4).keySet()))).isLessThanOrEqualTo(1);
        long replicaMoves = plan.stream().mapToLong(p -> p.replicas().stream()
                .filter(n -> !before.get(p.partition()).replicas().contains(n)).count()).sum();
        assertThat(replicaMoves).as("each of node 4's 9 replicas comes in one move").isEqualTo(9);
        assertThat(BalancePlanner.plan(after, noRacks(4), 100)).as("a balanced cluster plans nothing").isEmpty();
    }

    @Test
    void aBalancedClusterPlansNothing() {
        assertThat(BalancePlanner.plan(roundRobin(10, 2, 5), noRacks(5), 10)).isEmpty();
    }

    @Test
    void noMoreThanMaxMovesPartitionsChangeAndTheRestComesInLaterPlans() {
        List<Placement> current = roundRobin(30, 2, 3);
        int rounds = 0;
        List<Placement> plan;
        while (!(plan = BalancePlanner.plan(current, noRacks(4), 4)).isEmpty()) {
            assertThat(plan).hasSizeLessThanOrEqualTo(4);
            current = applied(current, plan);
            rounds++;
        }
        assertThat(rounds).isGreaterThan(1);
        assertThat(spread(BalancePlanner.replicaCounts(current, noRacks(4).keySet()))).isLessThanOrEqualTo(1);
    }

    @Test
    void aPartitionWithAReplicaOnANodeThatIsNotLiveIsLeftAlone() {
        // node 3 is not live: only partitions on nodes 1 and 2 may move to node 4
        List<Placement> before = List.of(new Placement("t", 0, List.of(1, 3)), new Placement("t", 1, List.of(3, 1)),
                new Placement("t", 2, List.of(1, 2)), new Placement("t", 3, List.of(2, 1)));
        Map<Integer, String> live = Map.of(1, "", 2, "", 4, "");
        List<Placement> plan = BalancePlanner.plan(before, live, 10);
        assertThat(plan).extracting(Placement::partition).doesNotContain(0, 1);
        assertThat(plan).allSatisfy(p -> assertThat(p.replicas()).doesNotContain(3));
    }

    @Test
    void aMoveNeverCostsAPartitionARack() {
        // racks a (1, 2) and b (3); node 4 joins in rack b: a replica on rack a may go to it only from
        // a partition that keeps a replica on rack a
        Map<Integer, String> racks = Map.of(1, "a", 2, "a", 3, "b", 4, "b");
        List<Placement> before = List.of(new Placement("t", 0, List.of(1, 3)), new Placement("t", 1, List.of(3, 2)),
                new Placement("t", 2, List.of(2, 3)), new Placement("t", 3, List.of(3, 1)));
        List<Placement> plan = BalancePlanner.plan(before, racks, 10);
        assertThat(plan).isNotEmpty().allSatisfy(p -> assertThat(BalancePlanner.rackCount(p.replicas(), racks)).isEqualTo(2));
    }

    @Test
    void leadershipEvensOutByReorderingAloneWhenReplicasAreEven() {
        List<Placement> before = List.of(new Placement("t", 0, List.of(1, 2)), new Placement("t", 1, List.of(1, 2)),
                new Placement("t", 2, List.of(1, 2)), new Placement("t", 3, List.of(1, 2)));
        List<Placement> plan = BalancePlanner.plan(before, noRacks(2), 10);
        assertThat(plan).hasSize(2).allSatisfy(p -> assertThat(p.replicas()).containsExactly(2, 1));
    }

    @Test
    void theSameInputGivesTheSamePlan() {
        List<Placement> before = roundRobin(20, 3, 4);
        assertThat(BalancePlanner.plan(before, noRacks(6), 7)).isEqualTo(BalancePlanner.plan(before, noRacks(6), 7));
    }

    @Test
    void maxMovesBelowOneIsRefused() {
        assertThatThrownBy(() -> BalancePlanner.plan(List.of(), noRacks(1), 0)).hasMessageContaining("maxMoves: 0");
    }
}
