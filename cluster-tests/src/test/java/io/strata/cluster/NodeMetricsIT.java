package io.strata.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The partition nodes' {@code /q/metrics} as an operator's alerts read them, against a real
 * cluster: 1,000 records produced with acks=all move the leader's per-partition counters, offsets
 * and acks=all wait histogram, and its Kafka request metrics; a consumer's read moves bytes out;
 * exactly one node is the active controller; a stopped follower makes the partition
 * under-replicated (and, with both stopped, under min ISR) on its leader, counted as ISR shrinks,
 * and the counts clear with ISR expands once they return.
 */
class NodeMetricsIT extends ClusterTest {

    private static final String TOPIC = "metered";

    @Test
    void theMetricsOperatorsAlertOnExistAndMove() throws Exception {
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.replica-lag-time-max", "3s")
                .withProperty("partition-node", "strata.node.metrics-refresh-interval", "500ms")
                .startCore();
        String bootstrap = cluster.kafkaBootstrap();
        TopicPartitionInfo partition;
        try (Admin admin = KafkaTestClients.admin(bootstrap)) {
            KafkaTestClients.createTopic(admin, TOPIC, 1, 3, Map.of("min.insync.replicas", "2"));
            await().atMost(Duration.ofSeconds(60)).until(() -> describe(admin).isr().size() == 3);
            partition = describe(admin);
            assertThatThrownBy(() -> admin.describeTopics(List.of("no-such-topic")).allTopicNames().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
        String leader = "partition-node-" + partition.leader().id();
        List<Integer> followers = partition.replicas().stream().map(node -> node.id())
                .filter(id -> id != partition.leader().id()).toList();

        produce(bootstrap, 1000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsScrape metrics = MetricsScrape.of(cluster.httpUrl(leader));
            String[] labels = {"topic=" + TOPIC, "partition=0"};
            assertThat(metrics.sum("strata_partition_records_in_total", labels)).isEqualTo(1000);
            assertThat(metrics.sum("strata_partition_bytes_in_total", labels)).isGreaterThan(100_000);
            assertThat(metrics.sum("strata_partition_log_end_offset", labels)).isEqualTo(1000);
            assertThat(metrics.sum("strata_partition_high_watermark", labels)).isEqualTo(1000);
            assertThat(metrics.sum("strata_partition_size_bytes", labels)).isGreaterThan(100_000);
            assertThat(metrics.sum("strata_partition_follower_lag_records", labels)).isZero();
            assertThat(metrics.sum("strata_node_acks_all_wait_seconds_count")).isPositive();
            assertThat(metrics.sum("strata_kafka_requests_seconds_count", "api=Produce")).isPositive();
            assertThat(metrics.sum("strata_node_under_replicated_partitions")).isZero();
            assertThat(metrics.sum("strata_node_leaders")).isPositive();
            assertThat(metrics.sum("strata_node_disk_free_bytes")).isPositive();
        });
        double errors = 0;
        for (int node = 1; node <= 3; node++) {
            errors += orZero(MetricsScrape.of(cluster.httpUrl("partition-node-" + node))
                    .sum("strata_kafka_errors_total", "api=Metadata", "error=UNKNOWN_TOPIC_OR_PARTITION"));
        }
        assertThat(errors).as("the describe of a missing topic").isPositive();
        // The raft group elects the controller on its own schedule: topics can be led before it claims.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            double activeControllers = 0;
            for (int node = 1; node <= 3; node++) {
                activeControllers += MetricsScrape.of(cluster.httpUrl("partition-node-" + node)).sum("strata_controller_active");
            }
            assertThat(activeControllers).as("nodes that are the active controller").isEqualTo(1);
        });

        assertThat(KafkaTestClients.readAll(bootstrap, TOPIC, 1000).get(0)).hasSize(1000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MetricsScrape.of(cluster.httpUrl(leader))
                .sum("strata_partition_bytes_out_total", "topic=" + TOPIC, "partition=0")).isGreaterThan(100_000));

        cluster.process("partition-node-" + followers.get(0)).pause();
        awaitLeader(leader, "strata_node_under_replicated_partitions", 1);
        awaitLeader(leader, "strata_node_under_min_isr_partitions", 0);
        cluster.process("partition-node-" + followers.get(1)).pause();
        awaitLeader(leader, "strata_node_under_min_isr_partitions", 1);
        // Two members left, but an ISR that arrives with a new leader epoch (a new leadership) is
        // not counted as a shrink, as in Kafka: at least one of the two was a shrink of this one.
        assertThat(MetricsScrape.of(cluster.httpUrl(leader)).sum("strata_node_isr_shrinks_total")).isGreaterThanOrEqualTo(1);

        cluster.process("partition-node-" + followers.get(0)).resume();
        cluster.process("partition-node-" + followers.get(1)).resume();
        awaitLeader(leader, "strata_node_under_replicated_partitions", 0);
        awaitLeader(leader, "strata_node_under_min_isr_partitions", 0);
        assertThat(MetricsScrape.of(cluster.httpUrl(leader)).sum("strata_node_isr_expands_total")).isGreaterThanOrEqualTo(1);
    }

    private static TopicPartitionInfo describe(Admin admin) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
        return description.partitions().get(0);
    }

    private static void produce(String bootstrap, int records) throws Exception {
        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            String value = "v".repeat(100);
            for (int i = 0; i < records - 1; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, value));
            }
            producer.send(new ProducerRecord<>(TOPIC, 0, "last", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private void awaitLeader(String leader, String metric, double value) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(MetricsScrape.of(cluster.httpUrl(leader)).sum(metric)).as(metric).isEqualTo(value));
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
