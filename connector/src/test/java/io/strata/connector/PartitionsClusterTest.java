package io.strata.connector;

import io.strata.connector.metadata.IncomingStrataRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code partitions=n}: an incoming channel runs n consumers in its group, each polling on a thread
 * of its own, merged into the one stream the application sees.
 */
@ExtendWith(ClusterExtension.class)
class PartitionsClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final StrataConnector connector = new StrataConnector();

    @AfterEach
    void closeChannels() {
        connector.close();
    }

    @Test
    void threeConsumersShareTheGroupAndEachPartitionStaysInOrder(StrataTestCluster cluster) {
        String topic = cluster.createTopic("in-partitions", 3);
        String group = "partitions-readers";
        RecordingSubscriber subscriber = new RecordingSubscriber();
        @SuppressWarnings("unchecked")
        Flow.Publisher<Message<?>> publisher = (Flow.Publisher<Message<?>>) connector.getPublisher(ChannelConfig.of("multi",
                Map.of("bootstrap.servers", cluster.bootstrap(), "topic", topic, "group.id", group, "partitions", "3",
                        "auto.offset.reset", "earliest", "auto.commit.interval.ms", "200", "fetch.max.wait.ms", "100")));
        publisher.subscribe(subscriber);
        subscriber.request(Long.MAX_VALUE);

        await().atMost(WAIT).until(() -> cluster.assignments(group, topic).values().stream().map(Set::size).toList()
                .equals(List.of(1, 1, 1)));
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.startsWith("strata-poll-multi")))
                .containsExactlyInAnyOrder("strata-poll-multi-0", "strata-poll-multi-1", "strata-poll-multi-2");
        for (int i = 0; i < 60; i++) {
            cluster.produce(topic, i % 3, "k" + i, Integer.toString(i));
        }
        await().atMost(WAIT).until(() -> subscriber.messages.size() == 60);

        Map<Integer, List<Long>> offsetsInArrivalOrder = subscriber.messages.stream().map(PartitionsClusterTest::metadata)
                .collect(Collectors.groupingBy(IncomingStrataRecordMetadata::partition,
                        Collectors.mapping(IncomingStrataRecordMetadata::offset, Collectors.toList())));
        List<Long> inOrder = LongStream.range(0, 20).boxed().toList();
        assertThat(offsetsInArrivalOrder).containsOnlyKeys(0, 1, 2).allSatisfy((partition, offsets) ->
                assertThat(offsets).as("offsets of partition %d as they arrived", partition).isEqualTo(inOrder));
        assertThat(connector.getReadiness().getChannels()).singleElement()
                .satisfies(channel -> assertThat(channel.getChannel()).isEqualTo("multi"))
                .satisfies(channel -> assertThat(channel.isOk()).isTrue());

        subscriber.messages.forEach(Message::ack);
        await().atMost(WAIT).until(() -> cluster.committed(group, topic, 0) == 20 && cluster.committed(group, topic, 1) == 20
                && cluster.committed(group, topic, 2) == 20);
    }

    @SuppressWarnings("unchecked")
    private static IncomingStrataRecordMetadata<String> metadata(Message<?> message) {
        return message.getMetadata(IncomingStrataRecordMetadata.class).orElseThrow();
    }
}
