package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kcat (librdkafka; Debian's {@code kcat} package, which {@code .ci/run} installs on CI) against a
 * real Strata cluster's Kafka listeners: metadata listing as JSON, producing with lz4 compression,
 * consuming to the end of every partition, and consuming in a (classic) group. Skipped, saying so,
 * where kcat is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KcatIT {

    private static final Duration KCAT_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "kcat-topic";

    private String kcat;
    private TestCluster cluster;
    private String bootstrap;
    private Admin admin;
    private Path workDir;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        Optional<Path> onPath = ProgramOnPath.find("kcat");
        assumeTrue(onPath.isPresent(), "kcat is not on the PATH: install Debian's kcat package (apt-get install kcat)"
                + " to run KcatIT; .ci/run does so on CI");
        kcat = onPath.get().toString();
        workDir = Path.of("target", "kcat-it", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir).startCore().start("group-coordinator");
        bootstrap = cluster.kafkaBootstrap();
        admin = KafkaTestClients.admin(bootstrap);
        KafkaTestClients.createTopic(admin, TOPIC, 3, 3, Map.of());
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

    private ChildProcess.Result kcat(String name, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(kcat);
        command.addAll(List.of(args));
        ChildProcess.Result result = ChildProcess.run(workDir, name, command, stdin, KCAT_TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }

    @Test
    void metadataListsTheThreeBrokersAndTheTopicsPartitionsWithTheirLeaders() throws Exception {
        // The broker kcat asks may not have applied the new topic yet (each node's view follows the
        // metadata service; Kafka's brokers lag their controller the same way): ask until it has.
        ChildProcess.Result[] answer = new ChildProcess.Result[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            answer[0] = kcat("kcat-metadata", null, "-b", bootstrap, "-L", "-J", "-t", TOPIC);
            JsonNode topics = new ObjectMapper().readTree(answer[0].stdout()).get("topics");
            assertThat(topics).as(answer[0].describe()).hasSize(1);
            assertThat(topics.get(0).has("error")).as("topic error in " + topics.get(0)).isFalse();
        });
        ChildProcess.Result result = answer[0];
        JsonNode metadata = new ObjectMapper().readTree(result.stdout());
        Map<Integer, String> brokers = new TreeMap<>();
        metadata.get("brokers").forEach(broker -> brokers.put(broker.get("id").asInt(), broker.get("name").asText()));
        assertThat(brokers).as(result.describe()).isEqualTo(Map.of(
                1, "127.0.0.1:" + cluster.kafkaPort(1), 2, "127.0.0.1:" + cluster.kafkaPort(2), 3, "127.0.0.1:" + cluster.kafkaPort(3)));

        JsonNode topics = metadata.get("topics");
        assertThat(topics).as(result.describe()).hasSize(1);
        JsonNode topic = topics.get(0);
        assertThat(topic.get("topic").asText()).isEqualTo(TOPIC);
        assertThat(topic.has("error")).as("topic error in " + topic).isFalse();
        TopicDescription expected = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(60, TimeUnit.SECONDS).get(TOPIC);
        Map<Integer, Integer> leaders = new TreeMap<>();
        for (JsonNode partition : topic.get("partitions")) {
            assertThat(partition.has("error")).as("partition error in " + partition).isFalse();
            leaders.put(partition.get("partition").asInt(), partition.get("leader").asInt());
            List<Integer> replicas = new ArrayList<>();
            partition.get("replicas").forEach(replica -> replicas.add(replica.get("id").asInt()));
            assertThat(replicas).as("replicas of " + partition).containsExactlyInAnyOrder(1, 2, 3);
            List<Integer> isr = new ArrayList<>();
            partition.get("isrs").forEach(replica -> isr.add(replica.get("id").asInt()));
            assertThat(isr).as("ISR of " + partition).contains(partition.get("leader").asInt());
        }
        Map<Integer, Integer> expectedLeaders = new TreeMap<>();
        for (TopicPartitionInfo partition : expected.partitions()) {
            expectedLeaders.put(partition.partition(), Optional.ofNullable(partition.leader()).map(Node::id).orElse(-1));
        }
        assertThat(leaders).as("leaders (kcat vs kafka-clients' Admin)").isEqualTo(expectedLeaders);
        assertThat(leaders.values()).allSatisfy(leader -> assertThat(leader).isIn(1, 2, 3));
    }

    @Test
    void producedWithLz4ThenConsumedToTheEndAndInAGroup() {
        String topic = "kcat-lz4";
        try {
            KafkaTestClients.createTopic(admin, topic, 3, 3, Map.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<String> lines = IntStream.range(0, 500).mapToObj(i -> "key-" + (i % 20) + ":value-" + i).toList();
        ChildProcess.Result produced = kcat("kcat-produce", String.join("\n", lines) + "\n",
                "-b", bootstrap, "-t", topic, "-P", "-z", "lz4", "-K", ":", "-X", "acks=all");
        assertThat(produced.stderr()).as(produced.describe()).doesNotContainIgnoringCase("error").doesNotContain("failed");

        ChildProcess.Result consumed = kcat("kcat-consume", null, "-b", bootstrap, "-t", topic, "-C", "-o", "beginning",
                "-e", "-q", "-f", "%k:%s\\n");
        assertThat(consumed.stdoutLines()).as(consumed.describe()).hasSize(lines.size());
        assertThat(new TreeSet<>(consumed.stdoutLines())).isEqualTo(new TreeSet<>(lines));
        assertKeyOrder(consumed.stdoutLines());

        // The group's consumer reads everything once; kcat -G exits at the end of all its partitions with -e.
        ChildProcess.Result grouped = kcat("kcat-group", null, "-b", bootstrap, "-G", "kcat-group", "-o", "beginning",
                "-e", "-q", "-f", "%k:%s\\n", "-X", "auto.offset.reset=earliest", topic);
        assertThat(grouped.stdoutLines()).as(grouped.describe()).hasSize(lines.size());
        assertThat(new TreeSet<>(grouped.stdoutLines())).isEqualTo(new TreeSet<>(lines));
        assertKeyOrder(grouped.stdoutLines());
    }

    private static void assertKeyOrder(List<String> lines) {
        Map<String, Integer> last = new HashMap<>();
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(':'));
            int i = Integer.parseInt(line.substring(line.indexOf("value-") + 6));
            Integer previous = last.put(key, i);
            assertThat(previous == null ? -1 : previous).as("order of " + key + " at " + line).isLessThan(i);
        }
    }
}
