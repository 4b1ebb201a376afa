package io.strata.coordinator.assignment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a group's target assignment: every partition of every subscribed topic goes to exactly
 * one member subscribed to its topic, the assignment is as balanced as the subscriptions allow, and
 * as little as possible moves away from the previous target (sticky).
 *
 * <p>Three steps, all in a fixed order (members by id, partitions by topic and index), so that the
 * same input always gives the same output:
 * <ol>
 *   <li>keep: each member keeps the partitions of its previous target that still exist and that it
 *       is still subscribed to;</li>
 *   <li>place: every partition left over goes to the eligible member holding the fewest partitions
 *       (partitions of topics with the fewest eligible members first, so constrained ones find room);</li>
 *   <li>balance: while some member holds at least two partitions more than a member it can reach
 *       through a chain of "holds a partition the next one may take", move one partition along the
 *       shortest such chain. Each move lowers the sum of squared member loads, so this ends; at the
 *       end no such chain exists, which for equal subscriptions means every member holds ⌊P/M⌋ or
 *       ⌈P/M⌉ partitions. Only overloaded members give partitions away, so a member joining or
 *       leaving moves no more partitions than balance requires.</li>
 * </ol>
 *
 * <p>Invariants of the result: each partition has at most one member; a member only holds
 * partitions of topics it subscribes to; every partition of a topic with at least one subscriber is
 * assigned. Pure and stateless: safe from any thread.
 *
 * <p>Cost. The coordinator runs this on a group's thread for every membership or subscription
 * change, so it must stay small at 10,000 partitions and 1,000 members ({@code ./strata bench
 * assignor}). Members with the same subscription form a class: whether a member can take a
 * partition from another depends only on its class and the topics the other holds, so the chain
 * search walks classes, not member pairs, and the least loaded eligible member is the head of a
 * per-class queue. A chain can only end at a member holding at most load(source) − 2, so sources
 * lighter than the lightest member + 2 are not searched at all. These change the cost, never the
 * result: {@code AssignorTest} checks the output against the plain member-by-member search.
 */
public final class Assignor {

    /**
     * The new target assignment.
     *
     * @param subscriptions   member id → the topics it subscribes to (resolved: topics that exist)
     * @param partitionCounts topic → its partition count (topics absent here are not assigned)
     * @param previous        member id → its previous target (empty when there was none)
     * @return member id → its partitions, for every member of {@code subscriptions}
     */
    public SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
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
        Map<SubscriptionClass, TreeSet<String>> lightestFirst = new HashMap<>();
        Comparator<String> byLoadThenId = Comparator.comparingInt(loads::load).thenComparing(Comparator.naturalOrder());
        for (SubscriptionClass subscriptionClass : loads.classes()) {
            TreeSet<String> queue = new TreeSet<>(byLoadThenId);
            queue.addAll(subscriptionClass.members());
            lightestFirst.put(subscriptionClass, queue);
        }
        for (String topic : topics) {
            List<TreeSet<String>> eligibleQueues = loads.classes().stream()
                    .filter(subscriptionClass -> subscriptionClass.topics().contains(topic)).map(lightestFirst::get).toList();
            for (int index = 0; index < loads.partitionCount(topic); index++) {
                TopicPartition partition = new TopicPartition(topic, index);
                if (!loads.isAssigned(partition)) {
                    TreeSet<String> queue = eligibleQueues.stream()
                            .min(Comparator.comparing(TreeSet::first, byLoadThenId)).orElseThrow();
                    String member = queue.pollFirst();  // out while its load changes: the order reads it
                    loads.give(member, partition);
                    queue.add(member);
                }
            }
        }
    }

    /** The members that subscribe to exactly {@code topics}, in id order. */
    private record SubscriptionClass(Set<String> topics, List<String> members) {
    }

    /** The assignment being built: who holds what, and who may hold what. */
    private static final class Loads {

        private final SortedMap<String, Set<String>> subscriptions;
        private final Map<String, Integer> partitionCounts;
        private final SortedMap<String, TreeSet<TopicPartition>> held = new TreeMap<>();
        private final Map<String, Map<String, Integer>> heldPerTopic = new HashMap<>();
        private final Map<TopicPartition, String> holder = new HashMap<>();
        private final List<SubscriptionClass> classes = new ArrayList<>();

        Loads(SortedMap<String, Set<String>> subscriptions, Map<String, Integer> partitionCounts) {
            this.subscriptions = subscriptions;
            this.partitionCounts = partitionCounts;
            Map<Set<String>, List<String>> membersBySubscription = new LinkedHashMap<>();
            subscriptions.forEach((member, topics) -> {
                held.put(member, new TreeSet<>());
                heldPerTopic.put(member, new HashMap<>());
                membersBySubscription.computeIfAbsent(Set.copyOf(topics), topicSet -> new ArrayList<>()).add(member);
            });
            membersBySubscription.forEach((topics, members) -> classes.add(new SubscriptionClass(topics, List.copyOf(members))));
        }

        List<SubscriptionClass> classes() {
            return classes;
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
                heldPerTopic.get(previous).merge(partition.topic(), -1, Integer::sum);
            }
            held.get(member).add(partition);
            heldPerTopic.get(member).merge(partition.topic(), 1, Integer::sum);
        }

        /** Whether {@code member} holds a partition of one of {@code topics}. */
        private boolean holdsAnyOf(String member, Set<String> topics) {
            Map<String, Integer> perTopic = heldPerTopic.get(member);
            for (String topic : topics) {
                if (perTopic.getOrDefault(topic, 0) > 0) {
                    return true;
                }
            }
            return false;
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
            int lightest = byLoad.isEmpty() ? 0 : load(byLoad.get(byLoad.size() - 1));
            for (String source : byLoad) {
                if (load(source) - 2 < lightest) {
                    return false;  // no member holds load(source) − 2 or fewer, nor does any for the lighter sources after it
                }
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
         * Breadth-first from {@code source}, level by level; within a level, members in the order
         * their discoverer was found, and those of one discoverer by id. A member is reached from
         * the first member of the level that holds a partition it may take. Among the reachable
         * members with a load of at most load(source) − 2: the nearest, then the least loaded, then
         * the first found. Empty when none.
         *
         * <p>Whether {@code from} reaches a member depends only on that member's subscription, so
         * a class is reached whole, by one discoverer: the walk costs classes × topics per member
         * of the frontier, not members².
         */
        private List<String> shortestChainToUnderloaded(String source) {
            int limit = load(source) - 2;
            if (limit < 0) {
                return List.of();
            }
            Map<String, String> cameFrom = new HashMap<>();
            cameFrom.put(source, source);
            List<SubscriptionClass> unreached = new ArrayList<>(classes);
            List<String> level = List.of(source);
            while (!level.isEmpty()) {
                List<String> next = new ArrayList<>();
                String best = null;
                for (String from : level) {
                    List<String> found = new ArrayList<>();
                    for (Iterator<SubscriptionClass> it = unreached.iterator(); it.hasNext(); ) {
                        SubscriptionClass subscriptionClass = it.next();
                        if (holdsAnyOf(from, subscriptionClass.topics())) {
                            it.remove();
                            subscriptionClass.members().stream().filter(member -> !cameFrom.containsKey(member))
                                    .forEach(found::add);
                        }
                    }
                    found.sort(Comparator.naturalOrder());
                    for (String to : found) {
                        cameFrom.put(to, from);
                        next.add(to);
                        if (load(to) <= limit && (best == null || load(to) < load(best))) {
                            best = to;
                        }
                    }
                }
                if (best != null) {
                    return path(cameFrom, source, best);
                }
                level = next;
            }
            return List.of();
        }

        /** The last partition {@code from} holds that {@code to} may hold, or null. */
        private TopicPartition movable(String from, String to) {
            for (TopicPartition partition : held.get(from).descendingSet()) {
                if (eligible(to, partition.topic())) {
                    return partition;
                }
            }
            return null;
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
