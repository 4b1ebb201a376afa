package io.strata.kafka.clients;

import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.ListenerFixture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unmodified kafka-clients against the listener backed by the fakes: an idempotent producer
 * (acks=all, compressed), a consumer with assign() and no group, and the admin client.
 */
class KafkaClientsRoundTripTest {

    private static final int RECORDS = 200;

    private ListenerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ListenerFixture();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "gzip"})
    void aProducerAndAnAssignedConsumerRoundTripRecordsByContentAndOffset(String compression) throws Exception {
        String topic = "orders-" + compression;
        fixture.controlPlane.topic(topic, 2);
        Map<TopicPartition, List<String>> sent = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(compression)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, i % 2, "key-" + i, "value-" + i)));
            }
            for (int i = 0; i < RECORDS; i++) {
                RecordMetadata metadata = acks.get(i).get(30, TimeUnit.SECONDS);
                TopicPartition tp = new TopicPartition(topic, metadata.partition());
                List<String> values = sent.computeIfAbsent(tp, p -> new ArrayList<>());
                assertThat(metadata.offset()).as("offset of record %d", i).isEqualTo(values.size());
                values.add("value-" + i);
            }
        }
        assertThat(fixture.partitions.values(new TopicPartition(topic, 0))).isEqualTo(sent.get(new TopicPartition(topic, 0)));
        // The 4.1 producer names topics by id once they are advertised (Produce v13).
        assertThat(fixture.versionsUsed.get(ApiKeys.PRODUCE)).containsOnly(ApiKeys.PRODUCE.latestVersion());
        assertThat(fixture.versionsUsed.get(ApiKeys.INIT_PRODUCER_ID)).isNotEmpty();

        Map<TopicPartition, List<ConsumerRecord<String, String>>> received = consumeAll(topic);
        for (Map.Entry<TopicPartition, List<String>> partition : sent.entrySet()) {
            List<ConsumerRecord<String, String>> records = received.get(partition.getKey());
            assertThat(records).extracting(ConsumerRecord::value).isEqualTo(partition.getValue());
            for (int offset = 0; offset < records.size(); offset++) {
                ConsumerRecord<String, String> record = records.get(offset);
                assertThat(record.offset()).isEqualTo(offset);
                assertThat(record.key()).isEqualTo(record.value().replace("value-", "key-"));
            }
        }
    }

    @Test
    void theProducerAutoCreatesAMissingTopicThroughMetadata() throws Exception {
        try (KafkaProducer<String, String> producer = producer("none")) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>("created-on-use", "k", "v")).get(30, TimeUnit.SECONDS);
            assertThat(metadata.offset()).isZero();
        }
        assertThat(fixture.controlPlane.createRequests()).extracting(r -> r.getName()).contains("created-on-use");
        assertThat(fixture.partitions.values(new TopicPartition("created-on-use", 0))).containsExactly("v");
    }

    @Test
    void describeClusterReturnsTheNodeAndTheClusterId() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap()))) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.clusterId().get(30, TimeUnit.SECONDS)).isEqualTo(FakeControlPlane.CLUSTER_ID);
            List<Node> nodes = new ArrayList<>(cluster.nodes().get(30, TimeUnit.SECONDS));
            assertThat(nodes).hasSize(1);
            assertThat(nodes.get(0).id()).isZero();
            assertThat(nodes.get(0).host()).isEqualTo("127.0.0.1");
            assertThat(nodes.get(0).port()).isEqualTo(fixture.port);
            assertThat(cluster.controller().get(30, TimeUnit.SECONDS).id()).isZero();
        }
    }

    private KafkaProducer<String, String> producer(String compression) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 2048);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private Map<TopicPartition, List<ConsumerRecord<String, String>>> consumeAll(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.bootstrap());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024);
        Map<TopicPartition, List<ConsumerRecord<String, String>>> received = new HashMap<>();
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int count = 0;
            while (count < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>()).add(record);
                    count++;
                }
            }
            assertThat(count).isEqualTo(RECORDS);
            assertThat(consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
        }
        assertThat(fixture.versionsUsed.get(ApiKeys.FETCH)).containsOnly(ApiKeys.FETCH.latestVersion());
        // Plaintext: the records went from their (unlinked) files to the socket, and every file was released.
        assertThat(fixture.partitions.fileReads()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.partitions.openFiles() == 0);
        return received;
    }
}
