package io.strata.coordinator.assignment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Assignor}'s class walk, placement queues and lightest-member cut-off change its cost, not
 * its answers: over seeded random groups (mixed subscriptions, subscriptions to missing topics,
 * previous targets that are stale, unbalanced or name vanished members), then a chain of churn
 * steps each fed the last answer, it returns exactly what {@link PlainChainAssignor} returns.
 * {@code -Dassignor.seeds=N} runs more seeds.
 */
class AssignorOracleTest {

    private static final int SEEDS = Integer.getInteger("assignor.seeds", 300);

    private final Assignor fast = new Assignor();
    private final PlainChainAssignor plain = new PlainChainAssignor();

    @Test
    void agreesWithThePlainSearchOnRandomGroups() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            Map<String, Integer> counts = new TreeMap<>();
            int topics = 1 + random.nextInt(5);
            for (int topic = 0; topic < topics; topic++) {
                counts.put("t" + topic, 1 + random.nextInt(12));
            }
            Map<String, ? extends Set<TopicPartition>> previous = randomPrevious(random, counts);
            for (int step = 0; step < 8; step++) {
                Map<String, Set<String>> subscriptions = randomSubscriptions(random, counts);
                SortedMap<String, SortedSet<TopicPartition>> expected = plain.assign(subscriptions, counts, previous);
                SortedMap<String, SortedSet<TopicPartition>> actual = fast.assign(subscriptions, counts, previous);
                assertThat(actual).as("seed %d step %d: subscriptions %s previous %s", seed, step, subscriptions, previous)
                        .isEqualTo(expected);
                previous = random.nextInt(4) == 0 ? randomPrevious(random, counts) : actual;
            }
        }
    }

    private static Map<String, Set<String>> randomSubscriptions(Random random, Map<String, Integer> counts) {
        List<String> topics = new ArrayList<>(counts.keySet());
        topics.add("missing");
        Map<String, Set<String>> subscriptions = new HashMap<>();
        int members = random.nextInt(9);
        for (int member = 0; member < members; member++) {
            Set<String> subscribed = new TreeSet<>();
            for (String topic : topics) {
                if (random.nextInt(3) > 0) {
                    subscribed.add(topic);
                }
            }
            subscriptions.put("m" + random.nextInt(12), subscribed);
        }
        return subscriptions;
    }

    /** Partitions given to random members, some twice over, some beyond a topic's count. */
    private static Map<String, Set<TopicPartition>> randomPrevious(Random random, Map<String, Integer> counts) {
        Map<String, Set<TopicPartition>> previous = new HashMap<>();
        counts.forEach((topic, count) -> {
            for (int index = 0; index < count + 2; index++) {
                if (random.nextInt(3) > 0) {
                    previous.computeIfAbsent("m" + random.nextInt(12), member -> new TreeSet<>())
                            .add(new TopicPartition(topic, index));
                }
            }
        });
        return previous;
    }
}
