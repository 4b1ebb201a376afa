package io.strata.connector;

import io.strata.client.StrataClientException;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import io.strata.connector.metadata.OutgoingStrataRecordMetadata;
import io.strata.api.v1.ErrorCode;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outgoing {@code smallrye-strata} channels against a real cluster: records carry the key,
 * partition and headers of their message's metadata, and each message is acked once its record
 * is written, or nacked with the reason it could not be.
 */
@ExtendWith(ClusterExtension.class)
class OutgoingChannelClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final StrataConnector connector = new StrataConnector();

    @AfterEach
    void closeChannels() {
        connector.close();
    }

    /** Sends {@code messages} through a new outgoing channel, as SmallRye's upstream would: only what the sink requests. */
    @SuppressWarnings("unchecked")
    private void send(StrataTestCluster cluster, String channel, Map<String, String> attributes, List<Message<?>> messages) {
        Map<String, String> all = new HashMap<>(attributes);
        all.put("bootstrap.servers", cluster.bootstrap());
        Flow.Subscriber<Message<?>> sink = (Flow.Subscriber<Message<?>>) connector.getSubscriber(ChannelConfig.of(channel, all));
        List<Message<?>> left = new ArrayList<>(messages);
        sink.onSubscribe(new Flow.Subscription() {
            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && !left.isEmpty(); i++) {
                    sink.onNext(left.remove(0));
                }
            }

            @Override
            public void cancel() {
            }
        });
    }

    private static Message<String> tracked(String payload, Object metadata, CompletableFuture<Void> acked,
                                           CompletableFuture<Throwable> nacked) {
        return Message.of(payload, metadata == null ? Metadata.empty() : Metadata.of(metadata), () -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Test
    void messagesBecomeRecordsWithTheirMetadataAndAreAckedOnceWritten(StrataTestCluster cluster) {
        String topic = cluster.createTopic("out-written", 3);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        List<Message<?>> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            acks.add(acked);
            messages.add(tracked("price-" + i, OutgoingStrataRecordMetadata.<String>builder().withKey("item-" + i)
                    .withPartition(2).withHeader("source", ("s" + i).getBytes(StandardCharsets.UTF_8)).build(), acked, new CompletableFuture<>()));
        }
        send(cluster, "prices-out", Map.of("topic", topic, "acks", "all"), messages);
        await().atMost(WAIT).until(() -> acks.stream().allMatch(CompletableFuture::isDone));

        List<ConsumerRecord> records = read(cluster, new TopicPartition(topic, 2), 5);
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("price-0", "price-1", "price-2", "price-3", "price-4");
        assertThat(new String(records.get(3).key(), StandardCharsets.UTF_8)).isEqualTo("item-3");
        assertThat(records.get(3).headers()).hasSize(1);
        assertThat(records.get(3).headers().get(0).key()).isEqualTo("source");
        assertThat(new String(records.get(3).headers().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("s3");
    }

    @Test
    void theChannelsKeyAndTopicApplyWhenTheMessageNamesNone(StrataTestCluster cluster) {
        String topic = cluster.createTopic("out-defaults", 1);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        send(cluster, "defaults-out", Map.of("topic", topic, "key", "fixed"), List.of(tracked("plain", null, acked, new CompletableFuture<>())));
        await().atMost(WAIT).until(acked::isDone);
        ConsumerRecord record = read(cluster, new TopicPartition(topic, 0), 1).get(0);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("fixed");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("plain");
    }

    @Test
    void aRecordThatCannotBeWrittenNacksItsMessageWithTheCause(StrataTestCluster cluster) {
        String topic = cluster.createTopic("out-refused", 1);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        CompletableFuture<Void> nextAcked = new CompletableFuture<>();
        send(cluster, "refused-out", Map.of("topic", topic, "max-inflight-messages", "1"), List.of(
                tracked("nowhere", OutgoingStrataRecordMetadata.<String>builder().withPartition(7).build(), acked, nacked),
                tracked("somewhere", null, nextAcked, new CompletableFuture<>())));
        Throwable reason = nacked.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(reason).isInstanceOf(StrataClientException.class)
                .hasMessage("partition 7 of topic '" + topic + "' does not exist: the topic has 1 partitions");
        assertThat(((StrataClientException) reason).code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(acked).isNotDone();
        // the channel goes on: the next message (requested only once the first was settled) is written
        await().atMost(WAIT).until(nextAcked::isDone);
    }

    private static List<ConsumerRecord> read(StrataTestCluster cluster, TopicPartition partition, int count) {
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", cluster.bootstrap(), "auto.offset.reset", "earliest"))) {
            consumer.assign(List.of(partition));
            List<ConsumerRecord> read = new ArrayList<>();
            await().atMost(WAIT).until(() -> read.addAll(consumer.poll(Duration.ofMillis(200))) && read.size() >= count);
            return read;
        }
    }
}
