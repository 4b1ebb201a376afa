package io.strata.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.v1.PartitionDescription;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partition reassignment on a real three-node cluster (metadata service, three partition nodes,
 * gateway), each node throttling the catch-up of replicas it is being added to at
 * {@value #THROTTLE_BYTES_PER_SECOND} bytes/s. In order: a partition moves, leader included, under
 * an idempotent acks=all Kafka producer (nothing acknowledged lost or doubled, per-key order kept,
 * the removed node's directory gone); a replication factor 1 → 2 change catches up at the
 * throttled rate (within 20 %); a move is cancelled over REST and its added replica dropped; a node
 * is drained over REST until it holds nothing; and Kafka's {@code kafka-reassign-partitions.sh}
 * (skipped without Kafka's tool jars) runs --generate, --execute and --verify, --execute of the
 * rollback file it printed (real log dirs: AlterReplicaLogDirs) and --verify, then --execute
 * --throttle at twice the nodes' start value (the catch-up rate is within 20 % of the tool's
 * throttle; --verify removes it and the topic's stored replication factor becomes 2), then
 * --cancel of a move in progress. The tool's tests create their own topics, so they run alone too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReassignmentIT {

    private static final long THROTTLE_BYTES_PER_SECOND = 1_048_576;
    private static final String MOVING = "moving";
    private static final String BULK = "bulk";
    private static final int BULK_BYTES = 16 * 1_048_576;
    private static final String TOOL_MOVED = "tool-moved";
    private static final String TOOL_THROTTLED = "tool-throttled";
    private static final long TOOL_THROTTLE_BYTES_PER_SECOND = 2 * THROTTLE_BYTES_PER_SECOND;

    private TestCluster cluster;
    private Admin admin;
    private MetadataProbe metadata;
    private RestCalls rest;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.replica-lag-time-max", "4s")
                .withProperty("partition-node", "strata.node.reassignment-throttle-bytes-per-second",
                        Long.toString(THROTTLE_BYTES_PER_SECOND))
                .startCore().start("gateway");
        admin = KafkaTestClients.admin(cluster.kafkaBootstrap());
        metadata = new MetadataProbe(cluster.channel("metadata-service"));
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

    @Test
    @Order(1)
    void aPartitionMovesWithItsLeaderUnderAcksAllLoadLosingAndDoublingNothing() throws Exception {
        KafkaTestClients.createTopic(admin, MOVING, 1, 2, Map.of());
        awaitIsr(MOVING, 2);
        PartitionDescription before = metadata.partitions(MOVING).get(0);
        int leader = before.getLeader();
        int follower = before.getReplicasList().stream().filter(n -> n != leader).findFirst().orElseThrow();
        int newcomer = Stream.of(1, 2, 3).filter(n -> !before.getReplicasList().contains(n)).findFirst().orElseThrow();
        Map<String, Object> config = KafkaTestClients.producerConfig(cluster.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        KeyedAcksAllLoad load;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            load = KeyedAcksAllLoad.start(producer, MOVING, 0, 16);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> load.acks() >= 2_000);
                long start = System.nanoTime();
                admin.alterPartitionReassignments(Map.of(new TopicPartition(MOVING, 0),
                        Optional.of(new NewPartitionReassignment(List.of(follower, newcomer))))).all().get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS)).isEmpty();
                    assertThat(metadata.partitions(MOVING).get(0).getReplicasList()).containsExactly(follower, newcomer);
                });
                System.out.printf("reassignment: %s-0 moved from %s (leader %d) to [%d, %d] under load in %d ms%n", MOVING,
                        before.getReplicasList(), leader, follower, newcomer,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                int atMove = load.acks();
                await().atMost(Duration.ofSeconds(120)).until(() -> load.acks() >= atMove + 2_000);
            } finally {
                load.stop();
            }
            producer.flush();
        }
        PartitionDescription after = metadata.partitions(MOVING).get(0);
        assertThat(after.getLeader()).as("the removed leader is fenced and replaced").isIn(follower, newcomer);
        assertThat(after.getLeaderEpoch()).isGreaterThan(before.getLeaderEpoch());
        assertThat(load.errors()).as("send errors").isEmpty();
        load.checkLog(cluster.kafkaBootstrap(), MOVING, "reassignment");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(replicaDirectories(leader)).as("replica directories left on node " + leader).doesNotContain(MOVING + "-0"));
    }

    @Test
    @Order(2)
    void aReplicationFactorChangeCatchesUpAtTheThrottledRate() throws Exception {
        KafkaTestClients.createTopic(admin, BULK, 1, 1, Map.of());
        int source = metadata.partitions(BULK).get(0).getLeader();
        int added = source % 3 + 1;
        writeBulk();
        long start = System.nanoTime();
        admin.alterPartitionReassignments(Map.of(new TopicPartition(BULK, 0),
                Optional.of(new NewPartitionReassignment(List.of(source, added))))).all().get(30, TimeUnit.SECONDS);
        awaitCatchUpAtRate(BULK, source, added, start, THROTTLE_BYTES_PER_SECOND);
    }

    /**
     * Polls the bytes of {@code topic}-0 on {@code added} until the move to [source, added] is done,
     * and checks the rate between 25 % and 75 % of its size is within 20 % of {@code throttle}.
     */
    private void awaitCatchUpAtRate(String topic, int source, int added, long start, long throttle) {
        TreeMap<Long, Long> sizes = new TreeMap<>(); // nanos since start → bytes on the added node
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            sizes.put(System.nanoTime() - start, logBytes(added, topic + "-0"));
            assertThat(metadata.partitions(topic).get(0).getReplicasList()).containsExactlyInAnyOrder(source, added);
            assertThat(metadata.partitions(topic).get(0).getAddingReplicasCount()).isZero();
        });
        long total = sizes.lastEntry().getValue();
        Map.Entry<Long, Long> from = sizes.entrySet().stream().filter(e -> e.getValue() >= total / 4).findFirst().orElseThrow();
        Map.Entry<Long, Long> to = sizes.entrySet().stream().filter(e -> e.getValue() >= total * 3 / 4).findFirst().orElseThrow();
        double rate = (to.getValue() - from.getValue()) / ((to.getKey() - from.getKey()) / 1e9);
        System.out.printf("reassignment: %s replication factor 1 -> 2 of %d bytes in %d ms; catch-up rate %.0f bytes/s under a"
                + " throttle of %d bytes/s (%.1f %%)%n", topic, total, TimeUnit.NANOSECONDS.toMillis(sizes.lastKey()), rate,
                throttle, 100 * rate / throttle);
        assertThat(total).isGreaterThanOrEqualTo(BULK_BYTES);
        assertThat(rate).isBetween(0.8 * throttle, 1.2 * throttle);
    }

    private void writeBulk() throws Exception {
        writeBulk(BULK);
    }

    private void writeBulk(String topic) throws Exception {
        Map<String, Object> config = KafkaTestClients.producerConfig(cluster.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        Random random = new Random(17);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < BULK_BYTES / 1024 + 64; i++) {
                byte[] value = new byte[1024];
                random.nextBytes(value); // incompressible
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
    }

    @Test
    @Order(3)
    void aCancelledMoveDropsTheAddedReplicaAndKeepsTheOldOnes() throws Exception {
        PartitionDescription before = metadata.partitions(BULK).get(0);
        int outside = Stream.of(1, 2, 3).filter(n -> !before.getReplicasList().contains(n)).findFirst().orElseThrow();
        int kept = before.getLeader();
        rest.post("/admin/reassignments", "{\"partitions\":[{\"topic\":\"" + BULK + "\",\"partition\":0,\"replicas\":["
                + kept + "," + outside + "]}]}").ok();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode listed = rest.get("/admin/reassignments").ok();
            assertThat(listed.get("reassignments")).hasSize(1);
            assertThat(listed.get("reassignments").get(0).get("adding_replicas").get(0).asInt()).isEqualTo(outside);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaDirectories(outside).contains(BULK + "-0"));
        rest.delete("/admin/reassignments/" + BULK + "/0").ok();
        assertThat(metadata.partitions(BULK).get(0).getReplicasList()).containsExactlyInAnyOrderElementsOf(before.getReplicasList());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rest.get("/admin/reassignments").ok().get("reassignments")).isEmpty());
        RestCalls.Answer again = rest.delete("/admin/reassignments/" + BULK + "/0");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text()).contains("NO_REASSIGNMENT_IN_PROGRESS");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(replicaDirectories(outside)).as("node " + outside).doesNotContain(BULK + "-0"));
    }

    @Test
    @Order(4)
    void aDrainedNodeEndsHoldingNothing() throws Exception {
        int drained = metadata.partitions(MOVING).get(0).getReplicasList().get(0);
        JsonNode plan = rest.post("/admin/nodes/" + drained + "/drain", "").ok();
        assertThat(plan.get("moves")).isNotEmpty();
        plan.get("results").forEach(result -> assertThat(result.get("error_code").isNull()).as(result.toString()).isTrue());
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().untilAsserted(() -> {
            for (String topic : List.of(MOVING, BULK)) {
                metadata.partitions(topic).values().forEach(p -> assertThat(p.getReplicasList())
                        .as(topic + "-" + p.getPartition()).doesNotContain(drained));
            }
            assertThat(replicaDirectories(drained)).as("replica directories on node " + drained).isEmpty();
        });
    }

    @Test
    @Order(5)
    void kafkasReassignPartitionsToolGeneratesExecutesAndVerifies() throws Exception {
        Path lib = kafkaLib();
        Path work = Files.createTempDirectory("reassign-tool");
        KafkaTestClients.createTopic(admin, TOOL_MOVED, 2, 2, Map.of());
        awaitIsr(TOOL_MOVED, 2);
        Path topics = Files.writeString(work.resolve("topics.json"),
                "{\"version\":1,\"topics\":[{\"topic\":\"" + TOOL_MOVED + "\"}]}");
        ChildProcess.Result generate = tool(work, lib, "generate", "--generate", "--topics-to-move-json-file", topics.toString(),
                "--broker-list", "1,2,3");
        assertThat(generate.exitCode()).as(generate.describe()).isZero();
        assertThat(generate.stdout()).contains("Current partition replica assignment").contains("Proposed partition reassignment configuration");

        List<Integer> current = metadata.partitions(TOOL_MOVED).get(0).getReplicasList();
        int outside = Stream.of(1, 2, 3).filter(n -> !current.contains(n)).findFirst().orElseThrow();
        List<Integer> target = List.of(outside, current.get(0));
        Path plan = Files.writeString(work.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"" + TOOL_MOVED
                + "\",\"partition\":0,\"replicas\":" + target + "}]}");
        ChildProcess.Result execute = tool(work, lib, "execute", "--execute", "--reassignment-json-file", plan.toString());
        assertThat(execute.exitCode()).as(execute.describe()).isZero();
        // The rollback file the tool prints names each replica's log dir, read with DescribeLogDirs.
        assertThat(execute.stdout()).contains("\"log_dirs\":[\"" + cluster.config().dataDir().resolve("node-" + current.get(0)));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            ChildProcess.Result verify = tool(work, lib, "verify", "--verify", "--reassignment-json-file", plan.toString());
            assertThat(verify.stdout()).as(verify.describe()).contains("Reassignment of partition " + TOOL_MOVED + "-0 is completed");
        });
        assertThat(metadata.partitions(TOOL_MOVED).get(0).getReplicasList()).containsExactlyElementsOf(target);

        // Back with the rollback file, whose log dirs are real (AlterReplicaLogDirs: already there once created).
        String rollbackJson = execute.stdout().lines().filter(line -> line.startsWith("{\"version\"")).findFirst().orElseThrow();
        Path rollback = Files.writeString(work.resolve("rollback.json"), rollbackJson);
        ChildProcess.Result back = tool(work, lib, "rollback", "--execute", "--reassignment-json-file", rollback.toString(),
                "--timeout", "50000");
        assertThat(back.exitCode()).as(back.describe()).isZero();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            ChildProcess.Result verify = tool(work, lib, "verify", "--verify", "--reassignment-json-file", rollback.toString());
            assertThat(verify.stdout()).as(verify.describe()).contains("Reassignment of partition " + TOOL_MOVED + "-0 is completed")
                    .contains("completed successfully").doesNotContain("cannot be found");
        });
        assertThat(metadata.partitions(TOOL_MOVED).get(0).getReplicasList()).containsExactlyElementsOf(current);
    }

    @Test
    @Order(6)
    void theToolsThrottleIsHonouredRemovedByVerifyAndTheStoredReplicationFactorFollows() throws Exception {
        Path lib = kafkaLib();
        Path work = Files.createTempDirectory("reassign-throttle");
        KafkaTestClients.createTopic(admin, TOOL_THROTTLED, 1, 1, Map.of());
        int source = metadata.partitions(TOOL_THROTTLED).get(0).getLeader();
        int added = source % 3 + 1;
        writeBulk(TOOL_THROTTLED);
        Path plan = Files.writeString(work.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":\""
                + TOOL_THROTTLED + "\",\"partition\":0,\"replicas\":[" + source + "," + added + "]}]}");
        long start = System.nanoTime();
        // Twice the nodes' start value: the catch-up rate shows which of the two is in force.
        ChildProcess.Result execute = tool(work, lib, "execute", "--execute", "--reassignment-json-file", plan.toString(),
                "--throttle", Long.toString(TOOL_THROTTLE_BYTES_PER_SECOND));
        assertThat(execute.exitCode()).as(execute.describe()).isZero();
        assertThat(execute.stdout()).contains("The inter-broker throttle limit was set to " + TOOL_THROTTLE_BYTES_PER_SECOND + " B/s");
        assertThat(brokerConfig(added, "follower.replication.throttled.rate"))
                .isEqualTo(Long.toString(TOOL_THROTTLE_BYTES_PER_SECOND));
        assertThat(topicConfig(TOOL_THROTTLED, "follower.replication.throttled.replicas")).isEqualTo("0:" + added);
        awaitCatchUpAtRate(TOOL_THROTTLED, source, added, start, TOOL_THROTTLE_BYTES_PER_SECOND);

        ChildProcess.Result verify = tool(work, lib, "verify", "--verify", "--reassignment-json-file", plan.toString());
        assertThat(verify.stdout()).as(verify.describe()).contains("Reassignment of partition " + TOOL_THROTTLED + "-0 is completed")
                .contains("Clearing broker-level throttles").contains("Clearing topic-level throttles");
        assertThat(brokerConfig(added, "follower.replication.throttled.rate")).as("the node's start value again")
                .isEqualTo(Long.toString(THROTTLE_BYTES_PER_SECOND));
        assertThat(topicConfig(TOOL_THROTTLED, "follower.replication.throttled.replicas")).isEmpty();
        assertThat(metadata.replicationFactor(TOOL_THROTTLED)).as("the stored replication factor").isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rest.get("/admin/topics/" + TOOL_THROTTLED).ok().get("replication_factor").asInt()).isEqualTo(2));
    }

    @Test
    @Order(7)
    void theToolCancelsAMoveInProgress() throws Exception {
        Path lib = kafkaLib();
        Path work = Files.createTempDirectory("reassign-cancel");
        List<Integer> before = metadata.partitions(TOOL_THROTTLED).get(0).getReplicasList();
        int third = Stream.of(1, 2, 3).filter(n -> !before.contains(n)).findFirst().orElseThrow();
        List<Integer> target = new ArrayList<>(before);
        target.add(third);
        Path plan = Files.writeString(work.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":\""
                + TOOL_THROTTLED + "\",\"partition\":0,\"replicas\":" + target + "}]}");
        // 16 MiB at 64 KiB/s takes minutes: the move is still running when it is cancelled.
        ChildProcess.Result execute = tool(work, lib, "execute", "--execute", "--reassignment-json-file", plan.toString(),
                "--throttle", "65536");
        assertThat(execute.exitCode()).as(execute.describe()).isZero();
        assertThat(metadata.partitions(TOOL_THROTTLED).get(0).getAddingReplicasList()).containsExactly(third);

        ChildProcess.Result cancel = tool(work, lib, "cancel", "--cancel", "--reassignment-json-file", plan.toString());
        assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
        assertThat(cancel.stdout()).contains("Successfully cancelled partition reassignment");
        assertThat(metadata.partitions(TOOL_THROTTLED).get(0).getReplicasList()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS)).isEmpty();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(logBytes(third, TOOL_THROTTLED + "-0")).as("the added replica is dropped").isZero());
    }

    private static Path kafkaLib() {
        Path lib = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(lib.resolve("kafka-tools-4.3.1.jar")),
                "Kafka's tool jars are not in " + lib + " (./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package): skipped");
        return lib;
    }

    private String brokerConfig(int node, String name) throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node));
        return admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker).get(name).value();
    }

    private String topicConfig(String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(name).value();
    }

    private ChildProcess.Result tool(Path work, Path lib, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", lib + "/*",
                "org.apache.kafka.tools.reassign.ReassignPartitionsCommand", "--bootstrap-server", cluster.kafkaBootstrap()));
        command.addAll(List.of(args));
        return ChildProcess.run(work, name, command, null, Duration.ofSeconds(60));
    }

    private void awaitIsr(String topic, int size) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> metadata.partitions(topic).values()
                .forEach(p -> assertThat(p.getIsrList()).as("ISR of " + topic + "-" + p.getPartition()).hasSize(size)));
    }

    /** The replica directories ({@code <topic>-<partition>}, also renamed aside for deletion) in a node's data directory. */
    private Set<String> replicaDirectories(int node) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> entries = Files.list(cluster.config().dataDir().resolve("node-" + node))) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(MOVING + "-") || name.startsWith(BULK + "-"))
                    .map(name -> name.replaceAll("^((?:" + MOVING + "|" + BULK + ")-\\d+).*$", "$1"))
                    .forEach(names::add);
        }
        return names;
    }

    /** The bytes of a replica's segment files on a node (0 before it exists). */
    private long logBytes(int node, String replica) throws IOException {
        Path dir = cluster.config().dataDir().resolve("node-" + node).resolve(replica);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
