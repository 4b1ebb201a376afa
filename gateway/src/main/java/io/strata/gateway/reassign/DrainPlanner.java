package io.strata.gateway.reassign;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the moves that empty one node ({@code ./strata node drain N}): every partition holding a
 * replica on the drained node gets a target where that replica is replaced by another node, the
 * rest of its replicas (and their order) unchanged.
 *
 * <p>The replacement, partition by partition in topic and partition order, is the node that does
 * not hold the partition yet with the fewest replicas at that point of the plan (counting the
 * moves already planned), then the fewest preferred leaderships when it takes the drained node's
 * first place, then the lowest id: so the drained node's replicas spread evenly over the others
 * and the plan is the same for the same input. A partition already moving is planned from its
 * target. A partition whose replication factor leaves no node to move to is refused, naming it.
 *
 * <p>Pure logic, no framework; immutable inputs and outputs; thread-safe.
 */
public final class DrainPlanner {

    /** A partition's replicas (its target, when it is moving); the first is the preferred leader. */
    public record Placement(String topic, int partition, List<Integer> replicas) {
        public Placement {
            replicas = List.copyOf(replicas);
        }
    }

    private DrainPlanner() {
    }

    /**
     * @param drained the node to empty
     * @param nodes   every node of the cluster (the drained one included); only the others receive replicas
     * @param current every partition of the cluster
     * @return the new placements of the partitions that hold the drained node, in topic and partition order
     */
    public static List<Placement> plan(int drained, Collection<Integer> nodes, List<Placement> current) {
        if (!nodes.contains(drained)) {
            throw new StrataException(ErrorCode.INVALID_REPLICA_ASSIGNMENT, "node " + drained
                    + " is not a node of this cluster (nodes " + new TreeSet<>(nodes) + ")");
        }
        Map<Integer, Integer> replicas = new HashMap<>();
        Map<Integer, Integer> leaders = new HashMap<>();
        nodes.forEach(node -> {
            replicas.put(node, 0);
            leaders.put(node, 0);
        });
        for (Placement placement : current) {
            placement.replicas().forEach(node -> replicas.merge(node, 1, Integer::sum));
            leaders.merge(placement.replicas().get(0), 1, Integer::sum);
        }
        List<Placement> ordered = current.stream().filter(p -> p.replicas().contains(drained))
                .sorted(Comparator.comparing(Placement::topic).thenComparingInt(Placement::partition)).toList();
        List<Placement> moves = new ArrayList<>(ordered.size());
        for (Placement placement : ordered) {
            int position = placement.replicas().indexOf(drained);
            int replacement = replacement(drained, placement, position == 0, replicas, leaders).orElseThrow(() ->
                    new StrataException(ErrorCode.INVALID_REPLICATION_FACTOR, "cannot drain node " + drained + ": partition "
                            + placement.topic() + "-" + placement.partition() + " has replicas " + placement.replicas()
                            + " and no other node is free to take its replica (nodes " + new TreeSet<>(nodes)
                            + "); add a node or lower its replication factor with a reassignment first"));
            List<Integer> target = new ArrayList<>(placement.replicas());
            target.set(position, replacement);
            replicas.merge(replacement, 1, Integer::sum);
            replicas.merge(drained, -1, Integer::sum);
            if (position == 0) {
                leaders.merge(replacement, 1, Integer::sum);
                leaders.merge(drained, -1, Integer::sum);
            }
            moves.add(new Placement(placement.topic(), placement.partition(), target));
        }
        return moves;
    }

    private static Optional<Integer> replacement(int drained, Placement placement, boolean leads,
                                                 Map<Integer, Integer> replicas, Map<Integer, Integer> leaders) {
        Set<Integer> holding = Set.copyOf(placement.replicas());
        Comparator<Integer> byLoad = Comparator.comparingInt(replicas::get);
        if (leads) {
            byLoad = byLoad.thenComparingInt(leaders::get);
        }
        return replicas.keySet().stream().filter(node -> node != drained && !holding.contains(node))
                .min(byLoad.thenComparingInt(node -> node));
    }
}
