package io.strata.metadata.partition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses the replicas of new partitions: Kafka's assignment (AdminUtils), made deterministic.
 *
 * <ul>
 *   <li>Balanced: partition p's first replica (its preferred leader) is node (start + p) mod n of
 *       the node list, so preferred leaders go round the nodes evenly; the followers are the next
 *       nodes at a shift that grows every n partitions, so replica counts stay even too and the
 *       followers of one node are spread over the others.</li>
 *   <li>Rack-aware when every node has a rack: the node list alternates racks (r1, r2, r3, r1, …)
 *       and a follower is skipped while its rack or node already holds a replica of the partition
 *       and unused racks remain, so each partition spans min(replication factor, racks) racks.</li>
 *   <li>Deterministic: Kafka starts at a random node; here {@code start} comes from the topic name,
 *       so the same topic, nodes and counts always give the same replicas, and different topics
 *       start their preferred leaders on different nodes.</li>
 * </ul>
 * Pure logic: no I/O, no framework.
 */
public final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * Replicas for partitions {@code firstPartition … firstPartition + count − 1}.
     *
     * @param nodes             the live nodes (any order; sorted by id here)
     * @param topic             the topic's name, the seed of the start node
     * @param firstPartition    the index of the first new partition (0 for a new topic)
     * @param count             how many partitions to place
     * @param replicationFactor replicas per partition, 1 … nodes
     * @return for each partition, in order, its replicas with the preferred leader first
     */
    public static List<List<Integer>> place(List<PlacementNode> nodes, String topic, int firstPartition, int count,
                                            int replicationFactor) {
        if (replicationFactor < 1 || replicationFactor > nodes.size()) {
            throw new IllegalArgumentException("replication factor " + replicationFactor + " for " + nodes.size() + " nodes");
        }
        if (firstPartition < 0 || count < 0) {
            throw new IllegalArgumentException("partitions " + firstPartition + " + " + count);
        }
        List<PlacementNode> sorted = nodes.stream().sorted(Comparator.comparingInt(PlacementNode::id)).toList();
        boolean rackAware = sorted.stream().noneMatch(node -> node.rack() == null || node.rack().isEmpty());
        List<PlacementNode> arranged = rackAware ? alternateRacks(sorted) : sorted;
        int racks = rackAware ? (int) sorted.stream().map(PlacementNode::rack).distinct().count() : 1;
        int start = Math.floorMod(topic.hashCode(), arranged.size());
        List<List<Integer>> placed = new ArrayList<>(count);
        for (int p = firstPartition; p < firstPartition + count; p++) {
            placed.add(placePartition(arranged, racks, rackAware, start, p, replicationFactor));
        }
        return placed;
    }

    private static List<Integer> placePartition(List<PlacementNode> arranged, int racks, boolean rackAware, int start,
                                                int partition, int replicationFactor) {
        int n = arranged.size();
        int shift = start + partition / n; // Kafka's nextReplicaShift: grows by one every n partitions
        int first = (partition + start) % n;
        PlacementNode leader = arranged.get(first);
        List<Integer> replicas = new ArrayList<>(replicationFactor);
        Set<String> usedRacks = new HashSet<>();
        Set<Integer> usedNodes = new HashSet<>();
        replicas.add(leader.id());
        usedRacks.add(leader.rack());
        usedNodes.add(leader.id());
        int k = 0;
        while (replicas.size() < replicationFactor) {
            PlacementNode candidate = arranged.get(followerIndex(first, rackAware ? shift * racks : shift, k, n));
            k++;
            boolean rackFree = !rackAware || !usedRacks.contains(candidate.rack()) || usedRacks.size() == racks;
            if (rackFree && !usedNodes.contains(candidate.id())) {
                replicas.add(candidate.id());
                usedRacks.add(candidate.rack());
                usedNodes.add(candidate.id());
            }
            if (k > 4 * n * n) {
                throw new IllegalStateException("placement found no follower for partition " + partition); // a bug
            }
        }
        return replicas;
    }

    /** Kafka's replicaIndex: followers of the node at {@code first} at a shift in 1 … n−1, never itself. */
    private static int followerIndex(int first, int shift, int k, int n) {
        if (n == 1) {
            return first;
        }
        int step = 1 + (shift + k) % (n - 1);
        return (first + step) % n;
    }

    /** Nodes ordered r1n1, r2n1, r3n1, r1n2, …: racks by name, nodes within a rack by id. */
    private static List<PlacementNode> alternateRacks(List<PlacementNode> sortedById) {
        Map<String, List<PlacementNode>> byRack = new TreeMap<>();
        for (PlacementNode node : sortedById) {
            byRack.computeIfAbsent(node.rack(), rack -> new ArrayList<>()).add(node);
        }
        Map<String, Iterator<PlacementNode>> iterators = new LinkedHashMap<>();
        byRack.forEach((rack, members) -> iterators.put(rack, members.iterator()));
        List<PlacementNode> arranged = new ArrayList<>(sortedById.size());
        while (arranged.size() < sortedById.size()) {
            for (Iterator<PlacementNode> members : iterators.values()) {
                if (members.hasNext()) {
                    arranged.add(members.next());
                }
            }
        }
        return arranged;
    }
}
