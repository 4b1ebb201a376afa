package io.strata.connector;

import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.client.group.RebalanceListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client features the connector stands on, against a real cluster: pause/resume, asynchronous
 * commits in order, and a rebalance listener that commits before its partitions move. (Client
 * tests that need running services live here because this module is built after the services.)
 */
@ExtendWith(ClusterExtension.class)
class ConsumerPauseCommitClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPausedPartitionIsNotReadUntilResumedAndThenStartsWhereItWas(StrataTestCluster cluster) {
        String topic = cluster.createTopic("client-pause", 2);
        for (int i = 0; i < 10; i++) {
            cluster.produce(topic, 0, "k" + i, "zero-" + i);
            cluster.produce(topic, 1, "k" + i, "one-" + i);
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", cluster.bootstrap(), "auto.offset.reset", "earliest"))) {
            consumer.assign(List.of(p0, p1));
            consumer.pause(List.of(p0));
            List<ConsumerRecord> read = new ArrayList<>();
            await().atMost(WAIT).until(() -> read.addAll(consumer.poll(Duration.ofMillis(200))) && read.size() >= 10);
            for (int i = 0; i < 3; i++) {
                read.addAll(consumer.poll(Duration.ofMillis(300))); // still paused across polls
            }
            assertThat(read).extracting(ConsumerRecord::partition).containsOnly(1);
            assertThat(read).hasSize(10);
            assertThat(consumer.paused()).containsExactly(p0);

            consumer.resume(List.of(p0));
            List<ConsumerRecord> resumed = new ArrayList<>();
            await().atMost(WAIT).until(() -> resumed.addAll(consumer.poll(Duration.ofMillis(200))) && resumed.size() >= 10);
            assertThat(resumed).extracting(ConsumerRecord::offset).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
            assertThat(resumed).extracting(ConsumerRecord::partition).containsOnly(0);
            assertThat(consumer.paused()).isEmpty();
        }
    }

    @Test
    void asyncCommitsCompleteInOrderOnThePollingThread(StrataTestCluster cluster) {
        String topic = cluster.createTopic("client-commit-async", 1);
        for (int i = 0; i < 10; i++) {
            cluster.produce(topic, 0, null, "v" + i);
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", cluster.bootstrap(), "group.id", "async-committers",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord> read = new ArrayList<>();
            await().atMost(WAIT).until(() -> read.addAll(consumer.poll(Duration.ofMillis(200))) && read.size() >= 10);
            Thread polling = Thread.currentThread();
            List<String> completions = new CopyOnWriteArrayList<>();
            for (long offset : List.of(3L, 7L, 10L)) {
                consumer.commitAsync(Map.of(p0, offset), (offsets, error) ->
                        completions.add(offsets + " " + error + (Thread.currentThread() == polling ? " on the polling thread" : "")));
            }
            // polled on this thread (Awaitility would poll on one of its own otherwise)
            await().pollInSameThread().atMost(WAIT).until(() -> consumer.poll(Duration.ofMillis(100)).isEmpty()
                    && completions.size() == 3);
            assertThat(completions).containsExactly("{" + p0 + "=3} null on the polling thread",
                    "{" + p0 + "=7} null on the polling thread", "{" + p0 + "=10} null on the polling thread");
            assertThat(consumer.committed(Set.of(p0))).isEqualTo(Map.of(p0, 10L));
            assertThat(cluster.committed("async-committers", topic, 0)).isEqualTo(10);
        }
    }

    @Test
    void theRevokingMemberCommitsWhatItProcessedBeforeItsPartitionsMove(StrataTestCluster cluster) {
        String topic = cluster.createTopic("client-rebalance-commit", 2);
        for (int i = 0; i < 10; i++) {
            cluster.produce(topic, i % 2, null, "v" + i);
        }
        Map<String, Object> settings = Map.of("bootstrap.servers", cluster.bootstrap(), "group.id", "handover",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false");
        List<String> revocations = new CopyOnWriteArrayList<>();
        try (Consumer first = Consumer.create(settings); Consumer second = Consumer.create(settings)) {
            Map<TopicPartition, Long> processed = new java.util.concurrent.ConcurrentHashMap<>();
            first.subscribe(List.of(topic), new RebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, Long> mine = new java.util.HashMap<>(processed);
                    mine.keySet().retainAll(partitions);
                    first.commitSync(mine); // still the owner: the commit is accepted
                    revocations.add(partitions + " committed " + mine);
                }
            });
            List<ConsumerRecord> firstRead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord record : first.poll(Duration.ofMillis(200))) {
                    firstRead.add(record);
                    processed.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                return firstRead.size() >= 10;
            });
            second.subscribe(List.of(topic));
            List<ConsumerRecord> secondRead = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                first.poll(Duration.ofMillis(100));
                secondRead.addAll(second.poll(Duration.ofMillis(100)));
                return !second.assignment().isEmpty() && !revocations.isEmpty();
            });
            TopicPartition moved = second.assignment().iterator().next();
            assertThat(revocations).containsExactly("[" + moved + "] committed {" + moved + "=5}");
            assertThat(cluster.committed("handover", topic, moved.partition())).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                secondRead.addAll(second.poll(Duration.ofMillis(200)));
            }
            assertThat(secondRead).as("the new owner starts at the commit: nothing read twice").isEmpty();
        }
    }
}
