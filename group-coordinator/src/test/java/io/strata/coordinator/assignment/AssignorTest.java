package io.strata.coordinator.assignment;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AssignorTest {

    private final Assignor assignor = new Assignor();

    private static Map<String, Set<String>> subscribed(Set<String> topics, String... members) {
        Map<String, Set<String>> subscriptions = new TreeMap<>();
        for (String member : members) {
            subscriptions.put(member, topics);
        }
        return subscriptions;
    }

    private static Map<String, Integer> loads(Map<String, ? extends Set<TopicPartition>> assignment) {
        Map<String, Integer> loads = new TreeMap<>();
        assignment.forEach((member, partitions) -> loads.put(member, partitions.size()));
        return loads;
    }

    private static int spread(Map<String, ? extends Set<TopicPartition>> assignment) {
        List<Integer> sizes = assignment.values().stream().map(Set::size).toList();
        return sizes.stream().max(Integer::compare).orElse(0) - sizes.stream().min(Integer::compare).orElse(0);
    }

    /** How many partitions changed member between two assignments (ignoring partitions only in one). */
    private static int moved(Map<String, ? extends Set<TopicPartition>> before, Map<String, ? extends Set<TopicPartition>> after) {
        Map<TopicPartition, String> owner = new HashMap<>();
        before.forEach((member, partitions) -> partitions.forEach(p -> owner.put(p, member)));
        int moved = 0;
        for (Map.Entry<String, ? extends Set<TopicPartition>> entry : after.entrySet()) {
            for (TopicPartition partition : entry.getValue()) {
                String previous = owner.get(partition);
                if (previous != null && !previous.equals(entry.getKey())) {
                    moved++;
                }
            }
        }
        return moved;
    }

    private static void assertComplete(Map<String, ? extends Set<TopicPartition>> assignment, Map<String, Set<String>> subscriptions,
                                       Map<String, Integer> counts) {
        Set<TopicPartition> seen = new HashSet<>();
        assignment.forEach((member, partitions) -> partitions.forEach(partition -> {
            assertThat(seen.add(partition)).as("%s assigned twice", partition).isTrue();
            assertThat(subscriptions.get(member)).as("%s subscribes to %s", member, partition.topic()).contains(partition.topic());
        }));
        Set<String> subscribedTopics = subscriptions.values().stream().flatMap(Set::stream)
                .filter(counts::containsKey).collect(Collectors.toSet());
        int expected = subscribedTopics.stream().mapToInt(counts::get).sum();
        assertThat(seen).hasSize(expected);
    }

    @Test
    void twelvePartitionsOverThreeMembersGiveFourEach() {
        SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscribed(Set.of("t"), "a", "b", "c"),
                Map.of("t", 12), Map.of());
        assertThat(loads(assignment)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4, "b", 4, "c", 4));
        assertComplete(assignment, subscribed(Set.of("t"), "a", "b", "c"), Map.of("t", 12));
    }

    @Test
    void aFourthMemberTakesExactlyOneFromEachAndNothingElseMoves() {
        Map<String, Integer> counts = Map.of("t", 12);
        SortedMap<String, SortedSet<TopicPartition>> three = assignor.assign(subscribed(Set.of("t"), "a", "b", "c"), counts, Map.of());
        SortedMap<String, SortedSet<TopicPartition>> four = assignor.assign(subscribed(Set.of("t"), "a", "b", "c", "d"), counts, three);
        assertThat(loads(four)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3, "c", 3, "d", 3));
        assertThat(moved(three, four)).isEqualTo(3);
        for (String member : List.of("a", "b", "c")) {
            assertThat(three.get(member)).containsAll(four.get(member));
        }
    }

    @Test
    void aLeavingMemberHandsOutOnlyItsOwnPartitions() {
        Map<String, Integer> counts = Map.of("t", 12);
        SortedMap<String, SortedSet<TopicPartition>> four = assignor.assign(subscribed(Set.of("t"), "a", "b", "c", "d"), counts, Map.of());
        SortedMap<String, SortedSet<TopicPartition>> three = assignor.assign(subscribed(Set.of("t"), "a", "b", "d"), counts, four);
        assertThat(loads(three)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4, "b", 4, "d", 4));
        for (String member : List.of("a", "b", "d")) {
            assertThat(three.get(member)).containsAll(four.get(member));
        }
        assertThat(moved(four, three)).isEqualTo(four.get("c").size());
    }

    @Test
    void unevenCountsStayWithinOnePartition() {
        Map<String, Integer> counts = Map.of("t", 10);
        for (int members = 1; members <= 12; members++) {
            String[] ids = new String[members];
            for (int i = 0; i < members; i++) {
                ids[i] = "m" + i;
            }
            SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscribed(Set.of("t"), ids), counts, Map.of());
            assertThat(spread(assignment)).as("%d members", members).isLessThanOrEqualTo(1);
            assertComplete(assignment, subscribed(Set.of("t"), ids), counts);
        }
    }

    @Test
    void topicsWithDifferentPartitionCountsAreBalancedTogether() {
        Map<String, Integer> counts = Map.of("big", 7, "small", 2, "one", 1);
        Map<String, Set<String>> subscriptions = subscribed(Set.of("big", "small", "one"), "a", "b", "c", "d");
        SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscriptions, counts, Map.of());
        assertComplete(assignment, subscriptions, counts);
        assertThat(spread(assignment)).isLessThanOrEqualTo(1);
    }

    @Test
    void membersOnlyGetTopicsTheySubscribeToAndEligibleOnesAreBalanced() {
        Map<String, Integer> counts = Map.of("t1", 4, "t2", 2);
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of(
                "a", Set.of("t1"), "b", Set.of("t1", "t2"), "c", Set.of("t2")));
        SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscriptions, counts, Map.of());
        assertComplete(assignment, subscriptions, counts);
        assertThat(loads(assignment)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2, "c", 2));
    }

    @Test
    void balanceReachesMembersOnlyThroughAChainOfMoves() {
        // a holds 3 of t1, b holds 2 of t2, c (t2 only) holds 1: no single move helps; a chain does.
        Map<String, Integer> counts = Map.of("t1", 3, "t2", 3);
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of(
                "a", Set.of("t1"), "b", Set.of("t1", "t2"), "c", Set.of("t2")));
        Map<String, Set<TopicPartition>> previous = Map.of(
                "a", Set.of(new TopicPartition("t1", 0), new TopicPartition("t1", 1), new TopicPartition("t1", 2)),
                "b", Set.of(new TopicPartition("t2", 0), new TopicPartition("t2", 1)),
                "c", Set.of(new TopicPartition("t2", 2)));
        SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscriptions, counts, previous);
        assertComplete(assignment, subscriptions, counts);
        assertThat(loads(assignment)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2, "c", 2));
    }

    @Test
    void newPartitionsArePickedUpWithoutMovingOldOnes() {
        Map<String, Set<String>> subscriptions = subscribed(Set.of("t"), "a", "b", "c");
        SortedMap<String, SortedSet<TopicPartition>> before = assignor.assign(subscriptions, Map.of("t", 6), Map.of());
        SortedMap<String, SortedSet<TopicPartition>> after = assignor.assign(subscriptions, Map.of("t", 9), before);
        assertComplete(after, subscriptions, Map.of("t", 9));
        assertThat(loads(after)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3, "c", 3));
        assertThat(moved(before, after)).isZero();
    }

    @Test
    void aNewTopicInASubscriptionIsAssigned() {
        SortedMap<String, SortedSet<TopicPartition>> before = assignor.assign(subscribed(Set.of("t"), "a", "b"),
                Map.of("t", 4), Map.of());
        SortedMap<String, SortedSet<TopicPartition>> after = assignor.assign(subscribed(Set.of("t", "u"), "a", "b"),
                Map.of("t", 4, "u", 2), before);
        assertComplete(after, subscribed(Set.of("t", "u"), "a", "b"), Map.of("t", 4, "u", 2));
        assertThat(moved(before, after)).isZero();
        assertThat(spread(after)).isZero();
    }

    @Test
    void vanishedTopicsAndUnsubscribedTopicsAreDropped() {
        SortedMap<String, SortedSet<TopicPartition>> before = assignor.assign(subscribed(Set.of("t", "u"), "a", "b"),
                Map.of("t", 4, "u", 4), Map.of());
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of("a", Set.of("t", "u"), "b", Set.of("t")));
        SortedMap<String, SortedSet<TopicPartition>> after = assignor.assign(subscriptions, Map.of("t", 4, "u", 2), before);
        assertComplete(after, subscriptions, Map.of("t", 4, "u", 2));
        assertThat(after.get("b")).allMatch(partition -> partition.topic().equals("t"));
    }

    @Test
    void sameInputGivesTheSameOutput() {
        Map<String, Integer> counts = Map.of("x", 5, "y", 3);
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of("m1", Set.of("x", "y"), "m2", Set.of("x"),
                "m3", Set.of("y", "x")));
        assertThat(assignor.assign(subscriptions, counts, Map.of()))
                .isEqualTo(assignor.assign(new HashMap<>(subscriptions), new HashMap<>(counts), Map.of()));
    }

    @Test
    void membersWithoutMatchingTopicsGetNothing() {
        Map<String, Set<String>> subscriptions = new TreeMap<>(Map.of("a", Set.of("t"), "b", Set.of("missing")));
        SortedMap<String, SortedSet<TopicPartition>> assignment = assignor.assign(subscriptions, Map.of("t", 3), Map.of());
        assertThat(assignment.get("a")).hasSize(3);
        assertThat(assignment.get("b")).isEmpty();
    }

    /** Random subscriptions and churn: always complete, valid, and (equal subscriptions) within one. */
    @Test
    void randomizedChurnStaysCompleteAndBalanced() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<String, Integer> counts = Map.of("a", 1 + random.nextInt(20), "b", 1 + random.nextInt(20), "c", 1 + random.nextInt(5));
        SortedMap<String, SortedSet<TopicPartition>> previous = new TreeMap<>();
        Set<String> members = new TreeSet<>();
        for (int step = 0; step < 200; step++) {
            if (members.isEmpty() || random.nextInt(3) > 0 && members.size() < 15) {
                members.add("m" + random.nextInt(30));
            } else {
                members.remove(members.iterator().next());
            }
            Map<String, Set<String>> subscriptions = subscribed(counts.keySet(), members.toArray(String[]::new));
            SortedMap<String, SortedSet<TopicPartition>> next = assignor.assign(subscriptions, counts, previous);
            assertComplete(next, subscriptions, counts);
            assertThat(spread(next)).as("seed %d step %d", seed, step).isLessThanOrEqualTo(1);
            previous = next;
        }
    }
}
