package io.strata.metadata.partition;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaPlacementTest {

    private static List<PlacementNode> nodes(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(id -> new PlacementNode(id, "")).toList();
    }

    private static Map<Integer, Integer> count(List<List<Integer>> placement, boolean leadersOnly) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (List<Integer> replicas : placement) {
            for (int node : leadersOnly ? replicas.subList(0, 1) : replicas) {
                counts.merge(node, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int spread(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    @Test
    void replicasAreDistinctAndBalancedAndPreferredLeadersSpreadEvenly() {
        for (int n = 1; n <= 7; n++) {
            for (int r = 1; r <= Math.min(n, 3); r++) {
                int rf = r;
                List<List<Integer>> placement = ReplicaPlacement.place(nodes(n), "orders", 0, 12 * n, rf);
                assertThat(placement).hasSize(12 * n).allSatisfy(replicas ->
                        assertThat(replicas).hasSize(rf).doesNotHaveDuplicates());
                Map<Integer, Integer> leaders = count(placement, true);
                assertThat(leaders).as("every node leads").hasSize(n);
                assertThat(spread(leaders)).as("leaders per node, n=%d rf=%d", n, rf).isZero();
                assertThat(spread(count(placement, false))).as("replicas per node, n=%d rf=%d", n, rf).isZero();
            }
        }
    }

    @Test
    void followersOfOneLeaderAreSpreadOverTheOtherNodes() {
        List<List<Integer>> placement = ReplicaPlacement.place(nodes(4), "t", 0, 12, 2);
        Set<Integer> followersOfNode1 = new HashSet<>();
        placement.stream().filter(replicas -> replicas.get(0) == 1).forEach(replicas -> followersOfNode1.add(replicas.get(1)));
        assertThat(followersOfNode1).containsExactlyInAnyOrder(2, 3, 4);
    }

    @Test
    void theSameInputsGiveTheSamePlacementAndDifferentTopicsStartElsewhere() {
        List<PlacementNode> shuffled = List.of(new PlacementNode(3, ""), new PlacementNode(1, ""), new PlacementNode(2, ""));
        assertThat(ReplicaPlacement.place(shuffled, "orders", 0, 6, 3))
                .isEqualTo(ReplicaPlacement.place(nodes(3), "orders", 0, 6, 3));
        Set<Integer> firstLeaders = new HashSet<>();
        for (String topic : List.of("a", "b", "c", "d", "e", "f", "g", "h")) {
            firstLeaders.add(ReplicaPlacement.place(nodes(3), topic, 0, 1, 1).get(0).get(0));
        }
        assertThat(firstLeaders).as("the first partition of different topics is led by different nodes").hasSizeGreaterThan(1);
    }

    @Test
    void addedPartitionsContinueThePattern() {
        List<List<Integer>> all = ReplicaPlacement.place(nodes(5), "grow", 0, 10, 3);
        List<List<Integer>> added = ReplicaPlacement.place(nodes(5), "grow", 6, 4, 3);
        assertThat(added).isEqualTo(all.subList(6, 10));
    }

    @Test
    void rackAwarePlacementSpansRacks() {
        List<PlacementNode> racked = List.of(new PlacementNode(1, "a"), new PlacementNode(2, "a"),
                new PlacementNode(3, "b"), new PlacementNode(4, "b"), new PlacementNode(5, "c"), new PlacementNode(6, "c"));
        Map<Integer, String> rackOf = new HashMap<>();
        racked.forEach(node -> rackOf.put(node.id(), node.rack()));
        List<List<Integer>> placement = ReplicaPlacement.place(racked, "racked", 0, 60, 3);
        assertThat(placement).allSatisfy(replicas ->
                assertThat(replicas.stream().map(rackOf::get).distinct()).as("racks of %s", replicas).hasSize(3));
        assertThat(spread(count(placement, true))).isZero();
        assertThat(spread(count(placement, false))).isZero();

        List<List<Integer>> twoReplicas = ReplicaPlacement.place(racked, "racked", 0, 60, 2);
        assertThat(twoReplicas).allSatisfy(replicas -> assertThat(rackOf.get(replicas.get(0))).isNotEqualTo(rackOf.get(replicas.get(1))));
    }

    @Test
    void moreReplicasThanRacksStillUsesEveryRack() {
        List<PlacementNode> twoRacks = List.of(new PlacementNode(1, "a"), new PlacementNode(2, "a"),
                new PlacementNode(3, "b"), new PlacementNode(4, "b"));
        List<List<Integer>> placement = ReplicaPlacement.place(twoRacks, "t", 0, 8, 3);
        assertThat(placement).allSatisfy(replicas -> {
            assertThat(replicas).doesNotHaveDuplicates().hasSize(3);
            assertThat(replicas).anyMatch(id -> id <= 2).anyMatch(id -> id >= 3);
        });
    }

    @Test
    void aNodeWithoutRackMakesThePlacementRackUnaware() {
        List<PlacementNode> mixed = List.of(new PlacementNode(1, "a"), new PlacementNode(2, ""), new PlacementNode(3, "b"));
        assertThat(ReplicaPlacement.place(mixed, "t", 0, 3, 3)).allSatisfy(replicas -> assertThat(replicas).hasSize(3));
    }

    @Test
    void aReplicationFactorAboveTheNodeCountIsABug() {
        assertThatThrownBy(() -> ReplicaPlacement.place(nodes(2), "t", 0, 1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
