package io.strata.coordinator.assignment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The assignor as it was first written: the chain search tries every pair of members, the
 * placement scans every member for each partition. Far too slow at a thousand members (minutes at
 * 10,000 partitions), but plainly the rule {@link Assignor}'s comment states, so it is kept as the
 * oracle the fast one must agree with, output for output.
 */
final class PlainChainAssignor {


    /**
     * The new target assignment.
     *
     * @param subscriptions   member id → the topics it subscribes to (resolved: topics that exist)
     * @param partitionCounts topic → its partition count (topics absent here are not assigned)
     * @param previous        member id → its previous target (empty when there was none)
     * @return member id → its partitions, for every member of {@code subscriptions}
     */
    SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                               Map<String, Integer> partitionCounts,
                                                               Map<String, ? extends Set<TopicPartition>> previous) {
        Loads loads = new Loads(new TreeMap<>(subscriptions), partitionCounts);
        keepPrevious(loads, previous);
        placeUnassigned(loads);
        while (loads.maybeMoveAlongChain()) {
            // each move strictly lowers the sum of squared loads
        }
        return loads.result();
    }

    private static void keepPrevious(Loads loads, Map<String, ? extends Set<TopicPartition>> previous) {
        for (String member : loads.members()) {
            Set<TopicPartition> held = previous.get(member);
            for (TopicPartition partition : held == null ? new TreeSet<TopicPartition>() : new TreeSet<>(held)) {
                if (loads.exists(partition) && loads.eligible(member, partition.topic()) && !loads.isAssigned(partition)) {
                    loads.give(member, partition);
                }
            }
        }
    }

    private static void placeUnassigned(Loads loads) {
        List<String> topics = new ArrayList<>(loads.subscribedTopics());
        topics.sort(Comparator.comparingInt(loads::eligibleCount).thenComparing(Comparator.naturalOrder()));
        for (String topic : topics) {
            for (int index = 0; index < loads.partitionCount(topic); index++) {
                TopicPartition partition = new TopicPartition(topic, index);
                if (!loads.isAssigned(partition)) {
                    loads.give(loads.leastLoadedEligible(topic), partition);
                }
            }
        }
    }

    /** The assignment being built: who holds what, and who may hold what. */
    private static final class Loads {

        private final SortedMap<String, Set<String>> subscriptions;
        private final Map<String, Integer> partitionCounts;
        private final SortedMap<String, SortedSet<TopicPartition>> held = new TreeMap<>();
        private final Map<TopicPartition, String> holder = new HashMap<>();

        Loads(SortedMap<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts) {
            this.subscriptions = subscriptions;
            this.partitionCounts = partitionCounts;
            subscriptions.keySet().forEach(member -> held.put(member, new TreeSet<>()));
        }

        Set<String> members() {
            return subscriptions.keySet();
        }

        SortedSet<String> subscribedTopics() {
            SortedSet<String> topics = new TreeSet<>();
            subscriptions.values().forEach(subscribed -> subscribed.stream()
                    .filter(partitionCounts::containsKey).forEach(topics::add));
            return topics;
        }

        int partitionCount(String topic) {
            return partitionCounts.getOrDefault(topic, 0);
        }

        boolean exists(TopicPartition partition) {
            return partition.partition() < partitionCount(partition.topic());
        }

        boolean eligible(String member, String topic) {
            return subscriptions.get(member).contains(topic);
        }

        int eligibleCount(String topic) {
            return (int) subscriptions.values().stream().filter(subscribed -> subscribed.contains(topic)).count();
        }

        boolean isAssigned(TopicPartition partition) {
            return holder.containsKey(partition);
        }

        void give(String member, TopicPartition partition) {
            String previous = holder.put(partition, member);
            if (previous != null) {
                held.get(previous).remove(partition);
            }
            held.get(member).add(partition);
        }

        String leastLoadedEligible(String topic) {
            String best = null;
            for (String member : members()) {
                if (eligible(member, topic) && (best == null || load(member) < load(best))) {
                    best = member;
                }
            }
            return best;
        }

        int load(String member) {
            return held.get(member).size();
        }

        /**
         * Finds the most loaded member that can pass load along a chain to a member holding at
         * least two fewer partitions, and moves one partition along each link of the shortest such
         * chain. False when no member can.
         */
        boolean maybeMoveAlongChain() {
            List<String> byLoad = new ArrayList<>(members());
            byLoad.sort(Comparator.comparingInt(this::load).reversed().thenComparing(Comparator.naturalOrder()));
            for (String source : byLoad) {
                List<String> chain = shortestChainToUnderloaded(source);
                if (!chain.isEmpty()) {
                    for (int link = 0; link + 1 < chain.size(); link++) {
                        String from = chain.get(link);
                        String to = chain.get(link + 1);
                        give(to, movable(from, to));
                    }
                    return true;
                }
            }
            return false;
        }

        /**
         * Breadth-first from {@code source}; among the reachable members with a load of at most
         * load(source) − 2, the nearest, then the least loaded, then the lowest id. Empty when none.
         */
        private List<String> shortestChainToUnderloaded(String source) {
            int limit = load(source) - 2;
            if (limit < 0) {
                return List.of();
            }
            Map<String, String> cameFrom = new HashMap<>();
            cameFrom.put(source, source);
            Deque<String> frontier = new ArrayDeque<>(List.of(source));
            while (!frontier.isEmpty()) {
                List<String> level = new ArrayList<>(frontier);
                frontier.clear();
                String best = null;
                for (String from : level) {
                    for (String to : members()) {
                        if (!cameFrom.containsKey(to) && movable(from, to) != null) {
                            cameFrom.put(to, from);
                            frontier.add(to);
                            if (load(to) <= limit && (best == null || load(to) < load(best))) {
                                best = to;
                            }
                        }
                    }
                }
                if (best != null) {
                    return path(cameFrom, source, best);
                }
            }
            return List.of();
        }

        /** The last partition {@code from} holds that {@code to} may hold, or null. */
        private TopicPartition movable(String from, String to) {
            SortedSet<TopicPartition> partitions = held.get(from);
            TopicPartition found = null;
            for (TopicPartition partition : partitions) {
                if (eligible(to, partition.topic())) {
                    found = partition;
                }
            }
            return found;
        }

        private static List<String> path(Map<String, String> cameFrom, String source, String target) {
            List<String> path = new ArrayList<>();
            for (String member = target; !member.equals(source); member = cameFrom.get(member)) {
                path.add(member);
            }
            path.add(source);
            Collections.reverse(path);
            return path;
        }

        SortedMap<String, SortedSet<TopicPartition>> result() {
            SortedMap<String, SortedSet<TopicPartition>> result = new TreeMap<>();
            held.forEach((member, partitions) -> result.put(member, Collections.unmodifiableSortedSet(new TreeSet<>(partitions))));
            return Collections.unmodifiableSortedMap(result);
        }
    }
}
