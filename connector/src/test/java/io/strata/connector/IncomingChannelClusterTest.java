package io.strata.connector;

import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.connector.inbound.StrataSource;
import io.strata.connector.metadata.IncomingStrataRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Incoming {@code smallrye-strata} channels against a real cluster, driven as SmallRye Reactive
 * Messaging drives them: the connector makes the channel's publisher from the channel's
 * configuration, a subscriber requests and acks or nacks. Each test has its own topic and group.
 */
@ExtendWith(ClusterExtension.class)
class IncomingChannelClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final StrataConnector connector = new StrataConnector();

    @AfterEach
    void closeChannels() {
        connector.close();
    }

    private RecordingSubscriber subscribe(StrataTestCluster cluster, String channel, Map<String, String> attributes) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("bootstrap.servers", cluster.bootstrap());
        all.putIfAbsent("auto.offset.reset", "earliest");
        all.putIfAbsent("auto.commit.interval.ms", "200");
        all.putIfAbsent("fetch.max.wait.ms", "100");
        RecordingSubscriber subscriber = new RecordingSubscriber();
        @SuppressWarnings("unchecked")
        java.util.concurrent.Flow.Publisher<Message<?>> publisher =
                (java.util.concurrent.Flow.Publisher<Message<?>>) connector.getPublisher(ChannelConfig.of(channel, all));
        publisher.subscribe(subscriber);
        return subscriber;
    }

    @SuppressWarnings("unchecked")
    private static IncomingStrataRecordMetadata<String> metadata(Message<?> message) {
        return message.getMetadata(IncomingStrataRecordMetadata.class).orElseThrow();
    }

    @Test
    void recordsFlowEndToEndWithTheirMetadataAndAcknowledgedOffsetsAreCommitted(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-flow", 2);
        for (int i = 0; i < 20; i++) {
            cluster.produce(topic, i % 2, "k" + i, "v" + i, "trace", "t" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "flow", Map.of("topic", topic, "group.id", "flow-readers"));
        subscriber.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 20);
        assertThat(connector.getReadiness().isOk()).isTrue();
        assertThat(connector.getLiveness().isOk()).isTrue();
        assertThat(subscriber.messages.stream().map(m -> (Object) m.getPayload()).toList())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(i -> (Object) ("v" + i)).toList());
        Message<?> seventh = subscriber.messages.stream().filter(m -> m.getPayload().equals("v7")).findFirst().orElseThrow();
        IncomingStrataRecordMetadata<String> metadata = metadata(seventh);
        assertThat(metadata.key()).isEqualTo("k7");
        assertThat(metadata.topic()).isEqualTo(topic);
        assertThat(metadata.partition()).isEqualTo(1);
        assertThat(metadata.offset()).isEqualTo(3);
        assertThat(metadata.timestamp()).isBetween(java.time.Instant.now().minusSeconds(600), java.time.Instant.now());
        assertThat(new String(metadata.lastHeader("trace"), StandardCharsets.UTF_8)).isEqualTo("t7");

        subscriber.messages.forEach(Message::ack);
        await().atMost(WAIT).until(() -> cluster.committed("flow-readers", topic, 0) == 10
                && cluster.committed("flow-readers", topic, 1) == 10);
    }

    @Test
    void throttledCommitsOnlyTheContiguousAcknowledgedPrefix(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-throttled", 1);
        for (int i = 0; i < 10; i++) {
            cluster.produce(topic, 0, null, "v" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "throttled", Map.of("topic", topic, "group.id", "throttled-readers"));
        subscriber.request(10);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 10);
        for (int offset : List.of(0, 1, 2, 4, 5, 6, 9)) {
            subscriber.messages.get(offset).ack();
        }
        await().atMost(WAIT).until(() -> cluster.committed("throttled-readers", topic, 0) == 3);
        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .until(() -> cluster.committed("throttled-readers", topic, 0) == 3); // 7 commit intervals: held at 3
        subscriber.messages.get(3).ack();
        await().atMost(WAIT).until(() -> cluster.committed("throttled-readers", topic, 0) == 7);
        subscriber.messages.get(8).ack();
        subscriber.messages.get(7).ack();
        await().atMost(WAIT).until(() -> cluster.committed("throttled-readers", topic, 0) == 10);
    }

    @Test
    void latestCommitsPastTheHighestAcknowledged(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-latest", 1);
        for (int i = 0; i < 8; i++) {
            cluster.produce(topic, 0, null, "v" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "latest",
                Map.of("topic", topic, "group.id", "latest-readers", "commit-strategy", "latest"));
        subscriber.request(8);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 8);
        subscriber.messages.get(5).ack();
        await().atMost(WAIT).until(() -> cluster.committed("latest-readers", topic, 0) == 6);
    }

    @Test
    void aNackedMessageGoesToTheDeadLetterTopicWithItsHeaders(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-dlq", 1);
        String deadLetters = cluster.createTopic("in-dlq-dead", 1);
        for (int i = 0; i < 3; i++) {
            cluster.produce(topic, 0, "order-" + i, "{\"price\":" + i + "}", "trace", "t" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "orders", Map.of("topic", topic, "group.id", "dlq-readers",
                "failure-strategy", "dead-letter-queue", "dead-letter-queue.topic", deadLetters));
        subscriber.request(3);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 3);
        subscriber.messages.get(0).ack();
        subscriber.messages.get(1).nack(new IllegalArgumentException("bad price", new IllegalStateException("negative amount")))
                .toCompletableFuture().join();
        subscriber.messages.get(2).ack();

        List<ConsumerRecord> dead = readAll(cluster, new TopicPartition(deadLetters, 0), 1);
        ConsumerRecord record = dead.get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"price\":1}");
        Map<String, String> headers = record.headers().stream().collect(Collectors.toMap(h -> h.key(),
                h -> new String(h.value(), StandardCharsets.UTF_8), (a, b) -> b, java.util.LinkedHashMap::new));
        assertThat(headers).containsExactly(Map.entry("trace", "t1"), Map.entry("dead-letter-reason", "bad price"),
                Map.entry("dead-letter-exception-class-name", "java.lang.IllegalArgumentException"),
                Map.entry("dead-letter-cause", "negative amount"),
                Map.entry("dead-letter-cause-class-name", "java.lang.IllegalStateException"),
                Map.entry("dead-letter-topic", topic), Map.entry("dead-letter-partition", "0"),
                Map.entry("dead-letter-offset", "1"));
        // the dead-lettered record counts as processed: the commit passes it
        await().atMost(WAIT).until(() -> cluster.committed("dlq-readers", topic, 0) == 3);
        assertThat(subscriber.failure).isNull();
    }

    @Test
    void failStrategyFailsTheChannelWithTheNackReason(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-fail", 1);
        for (int i = 0; i < 3; i++) {
            cluster.produce(topic, 0, null, "v" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "failing", Map.of("topic", topic, "group.id", "fail-readers"));
        subscriber.request(1);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 1);
        subscriber.messages.get(0).ack();
        IllegalStateException reason = new IllegalStateException("cannot price it");
        subscriber.request(1);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 2);
        assertThat(subscriber.messages.get(1).nack(reason).toCompletableFuture()).isCompletedExceptionally();
        await().atMost(WAIT).until(() -> subscriber.failure != null);
        assertThat(subscriber.failure).isSameAs(reason);
        assertThat(connector.getLiveness().isOk()).isFalse();
        assertThat(connector.getLiveness().getChannels().get(0).getMessage())
                .isEqualTo("java.lang.IllegalStateException: cannot price it");
        assertThat(connector.getReadiness().isOk()).isFalse();
        subscriber.request(10);
        assertThat(subscriber.messages).hasSize(2);
        // what was acknowledged before the failure is committed as the channel stops
        await().atMost(WAIT).until(() -> cluster.committed("fail-readers", topic, 0) == 1);
    }

    @Test
    void aSlowSubscriberPausesThePartitionsInsteadOfBuffering(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-slow", 2);
        for (int i = 0; i < 200; i++) {
            cluster.produce(topic, i % 2, null, "v" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "slow", Map.of("topic", topic, "group.id", "slow-readers",
                "max.poll.records", "5", "max-queue-size-factor", "2"));
        StrataSource source = connector.sources().get(0);
        subscriber.request(1);
        await().atMost(WAIT).until(source::isPaused);
        assertThat(subscriber.messages).hasSize(1);
        subscriber.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 200);
        await().atMost(WAIT).until(() -> !source.isPaused());
    }

    @Test
    void batchModeDeliversAPartitionsRecordsAsOneMessageAndItsAckCommitsThemAll(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-batch", 1);
        for (int i = 0; i < 30; i++) {
            cluster.produce(topic, 0, null, "v" + i);
        }
        RecordingSubscriber subscriber = subscribe(cluster, "batches", Map.of("topic", topic, "group.id", "batch-readers",
                "batch", "true", "max.poll.records", "10"));
        subscriber.request(Long.MAX_VALUE);
        await().atMost(WAIT).until(() -> subscriber.messages.stream().mapToInt(m -> ((List<?>) m.getPayload()).size()).sum() == 30);
        assertThat(subscriber.messages).allSatisfy(m -> assertThat((List<?>) m.getPayload()).hasSizeBetween(1, 10));
        List<Object> values = subscriber.messages.stream().flatMap(m -> ((List<?>) m.getPayload()).stream()).map(v -> (Object) v).toList();
        assertThat(values).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(i -> (Object) ("v" + i)).toList());
        io.strata.connector.metadata.IncomingStrataRecordBatchMetadata<?> first = subscriber.messages.get(0)
                .getMetadata(io.strata.connector.metadata.IncomingStrataRecordBatchMetadata.class).orElseThrow();
        assertThat(first.topic()).isEqualTo(topic);
        assertThat(first.records().get(0).offset()).isZero();
        subscriber.messages.forEach(Message::ack);
        await().atMost(WAIT).until(() -> cluster.committed("batch-readers", topic, 0) == 30);
    }

    private static List<ConsumerRecord> readAll(StrataTestCluster cluster, TopicPartition partition, int count) {
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", cluster.bootstrap(), "auto.offset.reset", "earliest"))) {
            consumer.assign(List.of(partition));
            List<ConsumerRecord> read = new ArrayList<>();
            await().atMost(WAIT).until(() -> read.addAll(consumer.poll(Duration.ofMillis(200))) && read.size() >= count);
            return read;
        }
    }
}
