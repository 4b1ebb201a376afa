package io.strata.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics as an operator (and an orchestrator) reads them, on one real cluster with
 * the coordinator and the gateway:
 * <ul>
 *   <li>the metadata service, SIGSTOPped, turns every node's readiness DOWN (metadata-membership)
 *       and the gateway's (metadata-cache: it cannot confirm its metadata is current); resumed,
 *       both are UP again;</li>
 *   <li>a partition's leader node, SIGSTOPped, turns a follower's readiness DOWN (replica-fetchers:
 *       no fetch round completes) before its lease runs out; resumed, UP again;</li>
 *   <li>the metadata service, coordinator and gateway serve their metrics and they move: leader
 *       elections and controller epoch, consumer group lag in records and seconds and rebalances,
 *       gateway errors by code.</li>
 * </ul>
 * Short limits for the test: 4 s of metadata silence, 3 s without a fetch round, 1 s metric rounds.
 */
class OperationsIT extends ClusterTest {

    private static final String TOPIC = "operated";
    private static final String GROUP = "operators";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void readinessFollowsTheConditionsAndTheServicesMetricsMove() throws Exception {
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.health.metadata-contact-timeout", "4s")
                .withProperty("partition-node", "strata.node.health.fetcher-stuck-after", "3s")
                .withProperty("gateway", "strata.gateway.metadata-stale-after", "4s")
                .withProperty("gateway", "strata.gateway.metadata-probe-interval", "1s")
                .withProperty("group-coordinator", "strata.coordinator.metrics-refresh-interval", "1s")
                .startCore().start("group-coordinator", "gateway");
        String bootstrap = cluster.kafkaBootstrap();
        try (Admin admin = KafkaTestClients.admin(bootstrap)) {
            KafkaTestClients.createTopic(admin, TOPIC, 1, 3, Map.of());
        }
        List<String> nodes = List.of("partition-node-1", "partition-node-2", "partition-node-3");
        nodes.forEach(node -> awaitReady(node, true));
        awaitReady("gateway", true);

        cluster.process("metadata-service").pause();
        try {
            nodes.forEach(node -> awaitReady(node, false));
            awaitReady("gateway", false);
            assertThat(health("partition-node-1", "ready")).contains("the metadata service last answered");
        } finally {
            cluster.process("metadata-service").resume();
        }
        nodes.forEach(node -> awaitReady(node, true));
        awaitReady("gateway", true);

        TopicPartitionInfo partition;
        try (Admin admin = KafkaTestClients.admin(bootstrap)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> describe(admin).isr().size() == 3);
            partition = describe(admin);
        }
        String leader = "partition-node-" + partition.leader().id();
        String follower = "partition-node-" + partition.replicas().stream().map(node -> node.id())
                .filter(id -> id != partition.leader().id()).findFirst().orElseThrow();
        cluster.process(leader).pause();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> health(follower, "ready").contains("completed no round"));
        } finally {
            cluster.process(leader).resume();
        }
        awaitReady(follower, true);
        awaitReady(leader, true);

        produceAndCommit(bootstrap, 100, 40);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            MetricsScrape coordinator = MetricsScrape.of(cluster.httpUrl("group-coordinator"));
            String[] labels = {"group=" + GROUP, "topic=" + TOPIC, "partition=0"};
            assertThat(coordinator.sum("strata_consumer_group_lag_records", labels)).isEqualTo(60);
            assertThat(coordinator.sum("strata_consumer_group_lag_seconds", labels)).isGreaterThan(0);
            assertThat(coordinator.sum("strata_coordinator_rebalances_total")).isPositive();
            assertThat(coordinator.sum("strata_coordinator_groups")).isPositive();
        });
        MetricsScrape metadata = MetricsScrape.of(cluster.httpUrl("metadata-service"));
        assertThat(metadata.sum("strata_metadata_controller_epoch")).as("from -1 before the first claim").isPositive();
        assertThat(metadata.sum("strata_metadata_controller_changes_total")).isGreaterThanOrEqualTo(1);
        // Whether the pauses above moved a leader or an ISR depends on timing: these only exist.
        assertThat(metadata.sum("strata_metadata_leader_elections_total")).isNotNaN();
        assertThat(metadata.sum("strata_metadata_isr_changes_total")).isNotNaN();

        String gateway = cluster.httpUrl("gateway");
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/topics/no-such-topic"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        MetricsScrape gatewayMetrics = MetricsScrape.of(gateway);
        assertThat(gatewayMetrics.sum("strata_gateway_errors_total", "api=rest", "error=UNKNOWN_TOPIC_OR_PARTITION")).isEqualTo(1);
        assertThat(gatewayMetrics.sum("http_server_requests_seconds_count")).isPositive();
    }

    private void produceAndCommit(String bootstrap, int records, long committed) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestClients.producerConfig(bootstrap))) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "v" + i));
            }
            producer.flush();
        }
        Map<String, Object> config = KafkaTestClients.consumerConfig(bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(committed)), Duration.ofSeconds(30));
        }
    }

    private void awaitReady(String service, boolean up) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(service, "ready") == (up ? 200 : 503));
    }

    private int status(String service, String kind) throws IOException, InterruptedException {
        return get(service, kind).statusCode();
    }

    private String health(String service, String kind) throws IOException, InterruptedException {
        return get(service, kind).body();
    }

    private HttpResponse<String> get(String service, String kind) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.httpUrl(service) + "/q/health/" + kind))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static TopicPartitionInfo describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC).partitions().get(0);
    }
}
