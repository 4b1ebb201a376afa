package io.strata.node.balance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans the reassignments that even out a cluster: first the replica count per live node, then
 * the preferred leaderships (the first replica of each partition, as Kafka). The controller runs
 * it when a node joins (see the README's "Cluster operations"); it lives beside the controller
 * because the controller is the one actor that submits its plan.
 *
 * <p>Replica step: while some live node holds at least two replicas more than another, move one
 * replica from the fuller node to the emptier one, in place (same position in the replica list),
 * choosing a partition that does not hold the emptier node and whose replicas do not lose a rack by
 * the move; when the fuller node also has more preferred leaderships, a partition it leads is
 * chosen first, else one it follows. Leadership step: while some live node is the preferred
 * leader of at least two partitions more than another that holds a replica of one of them, that
 * partition's list is reordered to put the other node first (no data moves: the metadata service
 * applies a reorder at once and the controller's preferred-leader election follows).
 *
 * <p>Invariants of every plan (checked by {@code BalancePlannerTest} and
 * {@code BalanceSimulationTest}):
 * <ul>
 *   <li>A target never names a node twice, keeps the partition's replication factor, and never
 *       has fewer racks than the replicas it replaces (a node without a rack is a rack of its
 *       own).</li>
 *   <li>A partition with a replica on a node that is not live is not touched (draining or a
 *       failure is someone else's business), and replicas only move onto live nodes.</li>
 *   <li>At most {@code maxMoves} partitions change.</li>
 *   <li>Each replica move lowers the sum of squared replica counts, each reorder lowers the sum of
 *       squared leader counts and leaves the replica counts alone: applying plans repeatedly ends
 *       in an empty plan and never oscillates. Without rack constraints and without frozen
 *       partitions, that end has replica counts within one of each other, reached by the fewest
 *       replica moves (each one lowers the excess of the fullest node).</li>
 * </ul>
 * The same input gives the same plan. Pure logic, no framework; immutable inputs and outputs;
 * thread-safe.
 */
public final class BalancePlanner {

    /** A partition's replicas; the first is the preferred leader. */
    public record Placement(String topic, int partition, List<Integer> replicas) {
        public Placement {
            replicas = List.copyOf(replicas);
        }

        /** {@code topic-partition}, for logs. */
        public String name() {
            return topic + "-" + partition;
        }
    }

    private BalancePlanner() {
    }

    /**
     * @param partitions every partition of the cluster, none of them moving
     * @param liveRacks  the live nodes and their racks (an empty string for a node without a rack)
     * @param maxMoves   the most partitions the plan may change (≥ 1)
     * @return the new placements of the partitions that change, in the order first planned
     */
    public static List<Placement> plan(Collection<Placement> partitions, Map<Integer, String> liveRacks, int maxMoves) {
        if (maxMoves < 1) {
            throw new IllegalArgumentException("maxMoves: " + maxMoves + " is less than 1");
        }
        State state = new State(partitions, liveRacks);
        while (state.changed.size() < maxMoves && state.maybeMoveReplica(maxMoves)) {
            // each move lowers Σ replicas²: the loop ends
        }
        while (state.changed.size() < maxMoves && state.maybeReorderLeader(maxMoves)) {
            // each reorder lowers Σ leaders² and keeps the replica counts
        }
        return state.changed.values().stream().map(state.placements::get)
                .filter(p -> !p.replicas().equals(state.original.get(p.name()))).toList();
    }

    /** The replica counts per live node of {@code partitions} (0 for a live node holding none). */
    public static Map<Integer, Integer> replicaCounts(Collection<Placement> partitions, Set<Integer> live) {
        Map<Integer, Integer> counts = new TreeMap<>();
        live.forEach(node -> counts.put(node, 0));
        partitions.forEach(p -> p.replicas().stream().filter(live::contains).forEach(node -> counts.merge(node, 1, Integer::sum)));
        return counts;
    }

    /** The preferred-leader counts per live node of {@code partitions}. */
    public static Map<Integer, Integer> leaderCounts(Collection<Placement> partitions, Set<Integer> live) {
        Map<Integer, Integer> counts = new TreeMap<>();
        live.forEach(node -> counts.put(node, 0));
        partitions.stream().filter(p -> !p.replicas().isEmpty() && live.contains(p.replicas().get(0)))
                .forEach(p -> counts.merge(p.replicas().get(0), 1, Integer::sum));
        return counts;
    }

    /** How many racks {@code replicas} span; a node without a rack counts as a rack of its own. */
    static int rackCount(List<Integer> replicas, Map<Integer, String> racks) {
        Set<String> seen = new HashSet<>();
        for (int node : replicas) {
            String rack = racks.getOrDefault(node, "");
            seen.add(rack.isEmpty() ? "\u0000node " + node : rack);
        }
        return seen.size();
    }

    /** The plan being built: current placements (targets once planned) and counts. Confined to one call. */
    private static final class State {
        private final Map<Integer, String> racks;
        private final List<Placement> placements = new ArrayList<>();
        private final List<Boolean> frozen = new ArrayList<>();
        /** Partition name → replicas before the plan (a partition changed and changed back is left out). */
        private final Map<String, List<Integer>> original = new LinkedHashMap<>();
        /** Partition name → index in placements, in the order first changed. */
        private final Map<String, Integer> changed = new LinkedHashMap<>();
        private final Map<Integer, Integer> replicas;
        private final Map<Integer, Integer> leaders;

        State(Collection<Placement> partitions, Map<Integer, String> liveRacks) {
            this.racks = Map.copyOf(liveRacks);
            partitions.stream().sorted(Comparator.comparing(Placement::topic).thenComparingInt(Placement::partition))
                    .forEach(p -> {
                        placements.add(p);
                        original.put(p.name(), p.replicas());
                        frozen.add(p.replicas().isEmpty() || !racks.keySet().containsAll(p.replicas()));
                    });
            replicas = replicaCounts(placements, racks.keySet());
            leaders = leaderCounts(placements, racks.keySet());
        }

        /** Nodes from the most loaded down (ties: lower id first). */
        private List<Integer> descending(Map<Integer, Integer> counts) {
            List<Integer> nodes = new ArrayList<>(counts.keySet());
            nodes.sort(Comparator.comparing((Integer n) -> -counts.get(n)).thenComparing(n -> n));
            return nodes;
        }

        boolean maybeMoveReplica(int maxMoves) {
            List<Integer> order = descending(replicas);
            for (int over : order) {
                for (int i = order.size() - 1; i >= 0; i--) {
                    int under = order.get(i);
                    if (replicas.get(over) - replicas.get(under) < 2) {
                        break;
                    }
                    Optional<Integer> candidate = replicaCandidate(over, under, maxMoves);
                    if (candidate.isPresent()) {
                        Placement p = placements.get(candidate.get());
                        List<Integer> target = new ArrayList<>(p.replicas());
                        target.set(target.indexOf(over), under);
                        apply(candidate.get(), target);
                        return true;
                    }
                }
            }
            return false;
        }

        private Optional<Integer> replicaCandidate(int over, int under, int maxMoves) {
            boolean moveLeadership = leaders.get(over) > leaders.get(under);
            Integer fallback = null;
            for (int index = 0; index < placements.size(); index++) {
                Placement p = placements.get(index);
                if (frozen.get(index) || !p.replicas().contains(over) || p.replicas().contains(under)
                        || !withinBudget(p, maxMoves)) {
                    continue;
                }
                List<Integer> target = new ArrayList<>(p.replicas());
                target.set(target.indexOf(over), under);
                if (rackCount(target, racks) < rackCount(p.replicas(), racks)) {
                    continue;
                }
                if ((p.replicas().get(0) == over) == moveLeadership) {
                    return Optional.of(index);
                }
                if (fallback == null) {
                    fallback = index;
                }
            }
            return Optional.ofNullable(fallback);
        }

        boolean maybeReorderLeader(int maxMoves) {
            List<Integer> order = descending(leaders);
            for (int over : order) {
                for (int i = order.size() - 1; i >= 0; i--) {
                    int under = order.get(i);
                    if (leaders.get(over) - leaders.get(under) < 2) {
                        break;
                    }
                    for (int index = 0; index < placements.size(); index++) {
                        Placement p = placements.get(index);
                        if (!frozen.get(index) && p.replicas().get(0) == over && p.replicas().contains(under)
                                && withinBudget(p, maxMoves)) {
                            List<Integer> target = new ArrayList<>(p.replicas());
                            target.set(target.indexOf(under), over);
                            target.set(0, under);
                            apply(index, target);
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean withinBudget(Placement p, int maxMoves) {
            return changed.containsKey(p.name()) || changed.size() < maxMoves;
        }

        private void apply(int index, List<Integer> target) {
            Placement before = placements.get(index);
            before.replicas().forEach(node -> replicas.merge(node, -1, Integer::sum));
            leaders.merge(before.replicas().get(0), -1, Integer::sum);
            target.forEach(node -> replicas.merge(node, 1, Integer::sum));
            leaders.merge(target.get(0), 1, Integer::sum);
            placements.set(index, new Placement(before.topic(), before.partition(), target));
            changed.putIfAbsent(before.name(), index);
        }
    }
}
