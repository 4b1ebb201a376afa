package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster-wide defaults of topic configs on a real cluster: set through Kafka's Admin (the BROKER
 * resource with the empty name), through the gateway's REST and through Kafka's own
 * {@code kafka-configs --entity-default}; seen in DescribeConfigs as DYNAMIC_DEFAULT_BROKER_CONFIG;
 * applied by every node to its existing replicas without a restart (a retention default deletes
 * old segments). Also a kafka-clients consumer reading a compacted topic after cleaning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDefaultsIT {

    private static final ConfigResource DEFAULTS = new ConfigResource(ConfigResource.Type.BROKER, "");

    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private RestCalls rest;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.retention-check-interval", "1s")
                .withProperty("partition-node", "strata.node.cleaner.backoff", "1s")
                .startCore().start("gateway");
        bootstrap = cluster.kafkaBootstrap();
        admin = KafkaTestClients.admin(bootstrap);
        rest = new RestCalls(cluster.httpUrl("gateway"));
    }

    @AfterAll
    void stopCluster() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(10));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void produceHourOld(String topic, int records) throws Exception {
        Map<String, Object> config = KafkaTestClients.producerConfig(bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, 0, hourAgo, "k" + i, "value-" + i + "-" + "x".repeat(100))).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private long logStartOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get(30, TimeUnit.SECONDS).get(partition).offset();
    }

    private Config describe(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    @Test
    void aRetentionDefaultSetThroughKafkasAdminDeletesOldSegmentsOnEveryReplicaWithoutARestart() throws Exception {
        String topic = "defaults-retention";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of("segment.bytes", "4096"));
        produceHourOld(topic, 300);
        assertThat(logStartOffset(topic)).as("Kafka's 7 days keep an hour-old record").isZero();

        admin.incrementalAlterConfigs(Map.of(DEFAULTS, List.of(new AlterConfigOp(
                new ConfigEntry("log.retention.ms", "60000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);

        ConfigEntry retention = describe(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("retention.ms");
        assertThat(retention.value()).isEqualTo("60000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(describe(DEFAULTS).get("log.retention.ms").value()).isEqualTo("60000");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(logStartOffset(topic)).isPositive());
        for (int node = 1; node <= 3; node++) {
            assertThat(cluster.logLinesContaining("partition-node-" + node, "cluster defaults are now {retention.ms=60000}"))
                    .as("node " + node + " applied the default live").isEqualTo(1);
            Path replica = cluster.config().dataDir().resolve("node-" + node).resolve(topic + "-0");
            int node1 = node;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(Files.exists(replica.resolve(
                    "00000000000000000000.log"))).as("node " + node1 + " deleted its first segment").isFalse());
        }

        admin.incrementalAlterConfigs(Map.of(DEFAULTS, List.of(new AlterConfigOp(
                new ConfigEntry("log.retention.ms", null), AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
        assertThat(describe(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
    }

    @Test
    void restSetsAndDescribesDefaultsAndNamesTheBadOnes() throws Exception {
        JsonNode patched = rest.patch("/admin/cluster/configs", "{\"configs\":{\"min.insync.replicas\":\"2\"}}").ok();
        JsonNode entry = find(patched, "min.insync.replicas");
        assertThat(entry.get("value").asText()).isEqualTo("2");
        assertThat(entry.get("source").asText()).isEqualTo("CLUSTER");
        assertThat(find(rest.get("/admin/cluster/configs").ok(), "min.insync.replicas").get("source").asText()).isEqualTo("CLUSTER");
        assertThat(describe(DEFAULTS).get("min.insync.replicas").value()).isEqualTo("2");

        RestCalls.Answer bad = rest.patch("/admin/cluster/configs", "{\"configs\":{\"retention.ms\":\"soon\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("INVALID_CONFIG").contains("'soon'").contains("retention.ms");
        RestCalls.Answer lags = rest.patch("/admin/cluster/configs",
                "{\"configs\":{\"min.compaction.lag.ms\":\"5000\",\"max.compaction.lag.ms\":\"1000\"}}");
        assertThat(lags.status()).isEqualTo(400);
        assertThat(lags.text()).contains("min.compaction.lag.ms (5000) is greater than max.compaction.lag.ms (1000)");

        rest.patch("/admin/cluster/configs", "{\"delete\":[\"min.insync.replicas\"]}").ok();
        assertThat(describe(DEFAULTS).get("min.insync.replicas")).isNull();
    }

    @Test
    void kafkaConfigsEntityDefaultSetsAndDescribesADefault() throws Exception {
        Path libDir = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(libDir.resolve("kafka_2.13-4.3.1.jar")),
                "Kafka's CLI jars are not in " + libDir + " (./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package);"
                        + " skipping kafka-configs --entity-default");
        Path workDir = Files.createDirectories(Path.of("target", "cluster-defaults-it").toAbsolutePath());
        List<String> base = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", libDir + "/*", "kafka.admin.ConfigCommand", "--bootstrap-server", bootstrap,
                "--entity-type", "brokers", "--entity-default");
        ChildProcess.Result altered = ChildProcess.run(workDir, "configs-default-alter", with(base, "--alter",
                "--add-config", "log.retention.bytes=1000000"), null, Duration.ofSeconds(120));
        assertThat(altered.exitCode()).as(altered.describe()).isZero();
        ChildProcess.Result described = ChildProcess.run(workDir, "configs-default-describe", with(base, "--describe"),
                null, Duration.ofSeconds(120));
        assertThat(described.exitCode()).as(described.describe()).isZero();
        assertThat(described.stdout()).as(described.describe()).contains("log.retention.bytes=1000000");
        assertThat(describe(DEFAULTS).get("log.retention.bytes").value()).isEqualTo("1000000");
        admin.incrementalAlterConfigs(Map.of(DEFAULTS, List.of(new AlterConfigOp(
                new ConfigEntry("log.retention.bytes", null), AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aKafkaConsumerReadsACompactedTopicAfterCleaning() throws Exception {
        String topic = "defaults-compacted";
        KafkaTestClients.createTopic(admin, topic, 1, 3, Map.of("cleanup.policy", "compact", "segment.bytes", "4096",
                "segment.ms", "1000", "min.cleanable.dirty.ratio", "0.01"));
        Map<String, String> latest = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestClients.producerConfig(bootstrap))) {
            for (int i = 0; i < 500; i++) {
                String key = "key-" + (i % 10);
                latest.put(key, "v" + i);
                producer.send(new ProducerRecord<>(topic, 0, key, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> read = KafkaTestClients.readAll(bootstrap, topic, 1).get(0);
            assertThat(read).as("cleaned down to the newest record per key").hasSize(10);
            Map<String, String> seen = new HashMap<>();
            List<Long> offsets = new ArrayList<>();
            read.forEach(record -> {
                seen.put(record.key(), record.value());
                offsets.add(record.offset());
            });
            assertThat(seen).isEqualTo(latest);
            assertThat(offsets).isSorted().contains(499L);
            assertThat(offsets.get(0)).as("offsets keep their gaps").isGreaterThan(0L);
        });
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(more));
        return command;
    }

    private static JsonNode find(JsonNode entries, String name) {
        for (JsonNode entry : entries) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        throw new AssertionError("no entry " + name + " in " + entries);
    }
}
