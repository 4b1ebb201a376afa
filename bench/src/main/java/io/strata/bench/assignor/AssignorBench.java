package io.strata.bench.assignor;

import io.strata.bench.BenchOptions;
import io.strata.coordinator.assignment.Assignor;
import io.strata.coordinator.assignment.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code ./strata bench assignor}: the group coordinator's {@link Assignor} timed on its own, at the
 * sizes issue 18 names (10,000 partitions, 1,000 members by default), for the four computations a
 * group makes: the first assignment of a full group, a member joining a balanced group, a member
 * leaving it, and a first assignment where half the members subscribe to half the topics (the
 * balancing step's chains are longest there). Each is run {@code --warmup} times unmeasured, then
 * {@code --runs} times; p50 and max in ms. The coordinator runs the assignor on its group thread
 * whenever a group's membership or subscriptions change, so this is what one such change costs
 * before any member hears of it. Single-threaded.
 */
public final class AssignorBench {

    private static final List<String> OPTIONS = List.of("partitions", "members", "topics", "runs", "warmup");

    private final Assignor assignor = new Assignor();
    private final int members;
    private final Map<String, Integer> partitionCounts = new TreeMap<>();

    private AssignorBench(int partitions, int members, int topics) {
        this.members = members;
        for (int topic = 0; topic < topics; topic++) {
            partitionCounts.put(topicName(topic), partitions / topics + (topic < partitions % topics ? 1 : 0));
        }
    }

    public static void run(BenchOptions options) {
        options.requireKnown(OPTIONS);
        int partitions = options.intValue("partitions", 10_000);
        int members = options.intValue("members", 1_000);
        int topics = options.intValue("topics", 10);
        int runs = options.intValue("runs", 10);
        int warmup = options.intValue("warmup", 3);
        if (partitions < topics || members < 2 || topics < 2 || runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("need --partitions ≥ --topics ≥ 2, --members ≥ 2, --runs ≥ 1, --warmup ≥ 0");
        }
        AssignorBench bench = new AssignorBench(partitions, members, topics);
        System.err.printf(Locale.ROOT, "assignor: %,d partitions over %d topics, %,d members, %d runs after %d warm-up%n",
                partitions, topics, members, runs, warmup);
        Map<String, Supplier<Long>> cases = new TreeMap<>();
        cases.put("first", bench::first);
        cases.put("join", bench::join);
        cases.put("leave", bench::leave);
        cases.put("mixed", bench::mixedFirst);
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Supplier<Long>> entry : cases.entrySet()) {
            for (int i = 0; i < warmup; i++) {
                entry.getValue().get();
            }
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                nanos.add(entry.getValue().get());
            }
            nanos.sort(null);
            double p50 = nanos.get((nanos.size() - 1) / 2) / 1e6;
            double max = nanos.get(nanos.size() - 1) / 1e6;
            System.err.printf(Locale.ROOT, "  %-6s p50 %8.1f ms   max %8.1f ms%n", entry.getKey(), p50, max);
            json.append(String.format(Locale.ROOT, "\"%s_p50_ms\":%.1f,\"%s_max_ms\":%.1f,", entry.getKey(), p50,
                    entry.getKey(), max));
        }
        json.append(String.format(Locale.ROOT, "\"partitions\":%d,\"members\":%d,\"topics\":%d}", partitions, members, topics));
        System.out.println(json);
    }

    /** Every member subscribes to every topic; nobody held anything before. */
    private long first() {
        return time(() -> assignor.assign(subscriptions(members, all()), partitionCounts, Map.of()));
    }

    /** A balanced group of {@code members} gains one. */
    private long join() {
        SortedMap<String, SortedSet<TopicPartition>> balanced =
                assignor.assign(subscriptions(members, all()), partitionCounts, Map.of());
        Map<String, Set<String>> grown = subscriptions(members + 1, all());
        return time(() -> assignor.assign(grown, partitionCounts, balanced));
    }

    /** A balanced group of {@code members} loses its first member. */
    private long leave() {
        Map<String, Set<String>> full = subscriptions(members, all());
        SortedMap<String, SortedSet<TopicPartition>> balanced = assignor.assign(full, partitionCounts, Map.of());
        Map<String, Set<String>> shrunk = new HashMap<>(full);
        shrunk.remove(memberName(0));
        return time(() -> assignor.assign(shrunk, partitionCounts, balanced));
    }

    /** Odd members subscribe to every topic, even ones to the first half of the topics only. */
    private long mixedFirst() {
        Set<String> half = new TreeSet<>(new ArrayList<>(partitionCounts.keySet()).subList(0, partitionCounts.size() / 2));
        Map<String, Set<String>> subscriptions = new HashMap<>();
        for (int member = 0; member < members; member++) {
            subscriptions.put(memberName(member), member % 2 == 0 ? half : all());
        }
        return time(() -> assignor.assign(subscriptions, partitionCounts, Map.of()));
    }

    private Set<String> all() {
        return partitionCounts.keySet();
    }

    private static Map<String, Set<String>> subscriptions(int count, Set<String> topics) {
        Map<String, Set<String>> subscriptions = new HashMap<>();
        for (int member = 0; member < count; member++) {
            subscriptions.put(memberName(member), topics);
        }
        return subscriptions;
    }

    private static long time(Runnable assignment) {
        long start = System.nanoTime();
        assignment.run();
        return System.nanoTime() - start;
    }

    private static String memberName(int member) {
        return String.format(Locale.ROOT, "member-%05d", member);
    }

    private static String topicName(int topic) {
        return String.format(Locale.ROOT, "topic-%03d", topic);
    }
}
