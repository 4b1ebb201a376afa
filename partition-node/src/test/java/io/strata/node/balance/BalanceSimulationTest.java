package io.strata.node.balance;

import io.strata.node.balance.BalancePlanner.Placement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random clusters (3–8 nodes, no racks or 2–3 racks, replication factors 1–3) go through
 * joins and drains; after each event the planner runs batch after batch, each batch applied, until
 * it plans nothing. Checked after every batch: {@code NoDoubleReplica}, {@code SameReplicationFactor},
 * {@code NoRackLost}, {@code OnlyLiveNodes}, {@code BatchBounded}, {@code PotentialFalls} (the
 * lexicographic pair Σ replicas², Σ leaders² strictly falls, so no plan undoes another); at the
 * end, without racks, {@code ReplicasEven} (max − min ≤ 1). A failure names the seed.
 */
class BalanceSimulationTest {

    private static final int SEEDS = 200;

    @Test
    void repeatedPlanningConvergesAndKeepsEveryInvariant() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                simulate(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void simulate(long seed) {
        Random random = new Random(seed);
        int rackCount = random.nextInt(3) == 0 ? 0 : 2 + random.nextInt(2);
        Map<Integer, String> live = new TreeMap<>();
        int nodes = 3 + random.nextInt(6);
        for (int node = 1; node <= nodes; node++) {
            live.put(node, rack(node, rackCount));
        }
        List<Placement> placements = new ArrayList<>();
        int partitions = 1 + random.nextInt(60);
        for (int p = 0; p < partitions; p++) {
            List<Integer> ids = new ArrayList<>(live.keySet());
            Collections.shuffle(ids, random);
            int rf = 1 + random.nextInt(Math.min(3, ids.size()));
            placements.add(new Placement("t" + (p % 3), p, ids.subList(0, rf)));
        }
        int maxMoves = 1 + random.nextInt(8);
        placements = converge(placements, live, maxMoves);
        for (int event = 0; event < 4; event++) {
            if (random.nextBoolean() || live.size() <= 3) {
                int joined = Collections.max(live.keySet()) + 1;
                live.put(joined, rack(joined, rackCount));
            } else {
                placements = drain(placements, live, new ArrayList<>(live.keySet()).get(random.nextInt(live.size())));
            }
            placements = converge(placements, live, maxMoves);
        }
    }

    private static String rack(int node, int rackCount) {
        return rackCount == 0 ? "" : "rack-" + (node % rackCount);
    }

    /** Moves every replica off {@code node} to the live node holding fewest that the partition lacks, then forgets it. */
    private static List<Placement> drain(List<Placement> placements, Map<Integer, String> live, int node) {
        live.remove(node);
        List<Placement> drained = new ArrayList<>();
        for (Placement p : placements) {
            if (!p.replicas().contains(node)) {
                drained.add(p);
                continue;
            }
            Map<Integer, Integer> counts = BalancePlanner.replicaCounts(placements, live.keySet());
            int to = live.keySet().stream().filter(n -> !p.replicas().contains(n))
                    .min((a, b) -> Integer.compare(counts.get(a), counts.get(b))).orElse(-1);
            List<Integer> replicas = new ArrayList<>(p.replicas());
            if (to < 0) {
                replicas.remove(Integer.valueOf(node));
            } else {
                replicas.set(replicas.indexOf(node), to);
            }
            if (!replicas.isEmpty()) {
                drained.add(new Placement(p.topic(), p.partition(), replicas));
            }
        }
        return drained;
    }

    private static List<Placement> converge(List<Placement> placements, Map<Integer, String> live, int maxMoves) {
        long[] potential = potential(placements, live.keySet());
        int bound = 10 * placements.size() * 3 + 10;
        for (int round = 0; ; round++) {
            assertThat(round).as("rounds until the plan is empty").isLessThan(bound);
            List<Placement> plan = BalancePlanner.plan(placements, live, maxMoves);
            if (plan.isEmpty()) {
                break;
            }
            assertThat(plan).as("BatchBounded").hasSizeLessThanOrEqualTo(maxMoves);
            Map<String, Placement> byName = new LinkedHashMap<>();
            placements.forEach(p -> byName.put(p.name(), p));
            for (Placement target : plan) {
                checkMove(byName.get(target.name()), target, live);
                byName.put(target.name(), target);
            }
            placements = new ArrayList<>(byName.values());
            long[] next = potential(placements, live.keySet());
            assertThat(next[0] < potential[0] || (next[0] == potential[0] && next[1] < potential[1]))
                    .as("PotentialFalls: %s then %s", java.util.Arrays.toString(potential), java.util.Arrays.toString(next)).isTrue();
            potential = next;
        }
        boolean racked = live.values().stream().anyMatch(r -> !r.isEmpty());
        boolean allLive = placements.stream().allMatch(p -> live.keySet().containsAll(p.replicas()));
        if (!racked && allLive) {
            Map<Integer, Integer> counts = BalancePlanner.replicaCounts(placements, live.keySet());
            assertThat(Collections.max(counts.values()) - Collections.min(counts.values())).as("ReplicasEven " + counts)
                    .isLessThanOrEqualTo(1);
        }
        return placements;
    }

    private static void checkMove(Placement before, Placement target, Map<Integer, String> live) {
        assertThat(new HashSet<>(target.replicas())).as("NoDoubleReplica " + target).hasSize(target.replicas().size());
        assertThat(target.replicas()).as("SameReplicationFactor").hasSameSizeAs(before.replicas());
        assertThat(live.keySet()).as("OnlyLiveNodes " + before + " → " + target).containsAll(before.replicas())
                .containsAll(target.replicas());
        assertThat(BalancePlanner.rackCount(target.replicas(), live)).as("NoRackLost " + before + " → " + target)
                .isGreaterThanOrEqualTo(BalancePlanner.rackCount(before.replicas(), live));
    }

    private static long[] potential(List<Placement> placements, Set<Integer> live) {
        long replicas = BalancePlanner.replicaCounts(placements, live).values().stream().mapToLong(c -> (long) c * c).sum();
        long leaders = BalancePlanner.leaderCounts(placements, live).values().stream().mapToLong(c -> (long) c * c).sum();
        return new long[] {replicas, leaders};
    }

}
