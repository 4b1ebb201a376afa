package io.strata.gateway.reassign;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.reassign.DrainPlanner.Placement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DrainPlannerTest {

    @Test
    void everyReplicaOfTheDrainedNodeMovesAndNothingElseChanges() {
        List<Placement> current = List.of(new Placement("a", 0, List.of(1, 2)), new Placement("a", 1, List.of(2, 3)),
                new Placement("b", 0, List.of(3, 1)));
        List<Placement> moves = DrainPlanner.plan(1, List.of(1, 2, 3, 4), current);
        assertThat(moves).extracting(Placement::topic, Placement::partition).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", 0), org.assertj.core.groups.Tuple.tuple("b", 0));
        assertThat(moves).allSatisfy(move -> assertThat(move.replicas()).doesNotContain(1).doesNotHaveDuplicates());
        assertThat(moves.get(0).replicas()).containsExactly(4, 2); // node 4 held nothing: it takes the first
        assertThat(moves.get(1).replicas()).element(0).isEqualTo(3); // the other replica keeps its place
    }

    @Test
    void theDrainedReplicasSpreadEvenlyOverTheOtherNodes() {
        Random random = new Random(42);
        List<Placement> current = new ArrayList<>();
        for (int p = 0; p < 300; p++) { // replication factor 3 over 6 nodes, placed at random
            List<Integer> nodes = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6));
            java.util.Collections.shuffle(nodes, random);
            current.add(new Placement("t", p, nodes.subList(0, 3)));
        }
        List<Placement> moves = DrainPlanner.plan(6, List.of(1, 2, 3, 4, 5, 6), current);
        Map<Integer, Integer> load = new HashMap<>();
        Map<Integer, List<Integer>> after = new HashMap<>();
        current.forEach(p -> after.put(p.partition(), p.replicas()));
        moves.forEach(m -> after.put(m.partition(), m.replicas()));
        after.values().forEach(replicas -> replicas.forEach(node -> load.merge(node, 1, Integer::sum)));
        assertThat(load).doesNotContainKey(6);
        int min = load.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = load.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(max - min).as("replicas per node after the drain %s", load).isLessThanOrEqualTo(
                Math.max(2, spread(current, 6)));
    }

    /** The spread of replicas over the other nodes before the drain (what the drain must not make worse). */
    private static int spread(List<Placement> current, int drained) {
        Map<Integer, Integer> load = new HashMap<>();
        current.forEach(p -> p.replicas().stream().filter(n -> n != drained).forEach(n -> load.merge(n, 1, Integer::sum)));
        return load.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                - load.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    @Test
    void aPartitionWithNoFreeNodeIsRefusedByName() {
        StrataException refused = catchThrowableOfType(StrataException.class,
                () -> DrainPlanner.plan(3, List.of(1, 2, 3), List.of(new Placement("t", 0, List.of(1, 2, 3)))));
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REPLICATION_FACTOR);
        assertThat(refused.getMessage()).contains("cannot drain node 3: partition t-0 has replicas [1, 2, 3]");
    }

    @Test
    void anUnknownNodeIsRefused() {
        StrataException refused = catchThrowableOfType(StrataException.class,
                () -> DrainPlanner.plan(9, List.of(1, 2, 3), List.of()));
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
        assertThat(refused.getMessage()).contains("node 9 is not a node of this cluster (nodes [1, 2, 3])");
    }

    @Test
    void aNodeHoldingNothingNeedsNoMove() {
        assertThat(DrainPlanner.plan(4, List.of(1, 2, 3, 4), List.of(new Placement("t", 0, List.of(1, 2))))).isEmpty();
    }
}
