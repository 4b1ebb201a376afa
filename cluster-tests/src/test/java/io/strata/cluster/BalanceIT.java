package io.strata.cluster;

import io.strata.api.v1.PartitionDescription;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic balance on a real cluster: three partition nodes (the raft group) carry a topic of
 * {@value #PARTITIONS} partitions with replication factor 3 under an idempotent, keyed
 * {@code acks=all} Kafka producer; a fourth node joins (outside the raft group, as a node added to a
 * running cluster is) and the controller moves replicas and then preferred leaderships onto it,
 * {@value #MAX_MOVES} partitions at a time, each node throttling its catch-up at
 * {@value #THROTTLE_BYTES_PER_SECOND} bytes/s. It ends holding its share of replicas and leaders
 * (max − min ≤ 1 over the four nodes); the producer saw no error; every acknowledged record is in
 * the log once, where it was acknowledged, each key's records in the order sent. Prints the time
 * the new node took to get its share. Automatic preferred-leader election is off, so the leaders
 * even out only by the controller's election at the end of the balance; then a preferred leader
 * is elected on request through the Java Admin and {@code kafka-leader-election.sh} (skipped
 * without Kafka's tool jars).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalanceIT {

    private static final String TOPIC = "balanced";
    private static final int PARTITIONS = 12;
    private static final int KEYS = 64;
    private static final int MAX_MOVES = 4;
    private static final long THROTTLE_BYTES_PER_SECOND = 4 * 1_048_576;

    private TestCluster cluster;
    private Admin admin;
    private MetadataProbe metadata;

    @BeforeAll
    void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        System.out.println("cluster data and logs (kept if a test fails): " + dataDir);
        cluster = new TestCluster(dataDir)
                .withProperty("partition-node", "strata.node.replica-lag-time-max", "4s")
                .withProperty("partition-node", "strata.node.auto-balance.max-moves", Integer.toString(MAX_MOVES))
                // Leadership then follows the balance's reorders only by the controller's election when
                // the balance ends, and the on-request election below is the only one.
                .withProperty("partition-node", "strata.node.raft.preferred-leader-election", "false")
                .withProperty("partition-node", "strata.node.reassignment-throttle-bytes-per-second",
                        Long.toString(THROTTLE_BYTES_PER_SECOND))
                .startCore();
        admin = KafkaTestClients.admin(cluster.kafkaBootstrap());
        metadata = new MetadataProbe(cluster.channel("metadata-service"));
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
    void aFourthNodeTakesItsShareOfReplicasAndLeadersUnderLoadLosingNothing() throws Exception {
        KafkaTestClients.createTopic(admin, TOPIC, PARTITIONS, 3, Map.of());
        Map<String, Object> config = KafkaTestClients.producerConfig(cluster.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long tookMs;
        KeyedAcksAllLoad load;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            load = KeyedAcksAllLoad.start(producer, TOPIC, null, KEYS);
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> load.acks() >= 5_000);
                long start = System.nanoTime();
                cluster.startExtraNode(4);
                await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .untilAsserted(this::assertBalanced);
                tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int atBalance = load.acks();
                await().atMost(Duration.ofSeconds(120)).until(() -> load.acks() >= atBalance + 2_000);
            } finally {
                load.stop();
            }
            producer.flush();
        }
        assertThat(load.errors()).as("send errors").isEmpty();
        load.checkLog(cluster.kafkaBootstrap(), TOPIC, "balance");
        System.out.printf("balance: node 4 joined a loaded 3-node cluster and took its share (replicas %s, leaders %s"
                        + " of %d partitions × 3 replicas, %d records acknowledged meanwhile) in %d ms (start included)%n",
                counts(false), counts(true), PARTITIONS, load.acks(), tookMs);
    }

    @Test
    @Order(2)
    void aPreferredLeaderIsElectedOnRequestFromTheJavaAdminAndKafkasTool() throws Exception {
        TopicPartition first = new TopicPartition(TOPIC, 0);
        List<Integer> reversed = reorder(first);
        Map<TopicPartition, Optional<Throwable>> elected = admin.electLeaders(ElectionType.PREFERRED, Set.of(first))
                .partitions().get(30, TimeUnit.SECONDS);
        assertThat(elected.get(first)).as("the reordered partition's election").isEmpty();
        assertThat(metadata.partitions(TOPIC).get(0).getLeader()).isEqualTo(reversed.get(0));
        Map<TopicPartition, Optional<Throwable>> again = admin.electLeaders(ElectionType.PREFERRED, Set.of(first))
                .partitions().get(30, TimeUnit.SECONDS);
        assertThat(again.get(first)).get().isInstanceOf(ElectionNotNeededException.class);

        Path lib = Path.of(System.getProperty("strata.kafka.lib", "target/kafka-lib")).toAbsolutePath();
        Assumptions.assumeTrue(Files.isRegularFile(lib.resolve("kafka-tools-4.3.1.jar")),
                "Kafka's tool jars are not in " + lib + " (./mvnw -B -q -f cluster-tests/kafka-tools/pom.xml package):"
                        + " kafka-leader-election.sh skipped");
        TopicPartition second = new TopicPartition(TOPIC, 1);
        List<Integer> secondReversed = reorder(second);
        ChildProcess.Result tool = ChildProcess.run(Files.createTempDirectory("leader-election"), "leader-election",
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", lib + "/*",
                        "org.apache.kafka.tools.LeaderElectionCommand", "--bootstrap-server", cluster.kafkaBootstrap(),
                        "--election-type", "PREFERRED", "--all-topic-partitions"), null, Duration.ofSeconds(60));
        System.out.println("balance: kafka-leader-election.sh --election-type PREFERRED --all-topic-partitions → exit "
                + tool.exitCode() + ": " + tool.stdout().strip());
        assertThat(tool.exitCode()).as(tool.describe()).isZero();
        assertThat(tool.stdout()).as(tool.describe())
                .contains("Successfully completed leader election (PREFERRED) for partitions " + second);
        assertThat(metadata.partitions(TOPIC).get(1).getLeader()).isEqualTo(secondReversed.get(0));
    }

    /**
     * Reverses a partition's replicas with a reassignment: no data moves and the leader stays (the
     * automatic preferred election is off here). Returns the new order.
     */
    private List<Integer> reorder(TopicPartition partition) throws Exception {
        PartitionDescription before = metadata.partitions(TOPIC).get(partition.partition());
        List<Integer> reversed = new ArrayList<>(before.getReplicasList());
        Collections.reverse(reversed);
        admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(reversed))))
                .all().get(30, TimeUnit.SECONDS);
        PartitionDescription after = metadata.partitions(TOPIC).get(partition.partition());
        assertThat(after.getReplicasList()).containsExactlyElementsOf(reversed);
        assertThat(after.getLeader()).isEqualTo(before.getLeader());
        return reversed;
    }

    /** Replicas and leaders within one of each other over nodes 1–4, no reassignment running. */
    private void assertBalanced() {
        for (PartitionDescription partition : metadata.partitions(TOPIC).values()) {
            assertThat(partition.getAddingReplicasList()).as("moving: " + partition.getPartition()).isEmpty();
        }
        Map<Integer, Integer> replicas = counts(false);
        Map<Integer, Integer> leaders = counts(true);
        assertThat(Collections.max(replicas.values()) - Collections.min(replicas.values())).as("replicas " + replicas)
                .isLessThanOrEqualTo(1);
        assertThat(Collections.max(leaders.values()) - Collections.min(leaders.values())).as("leaders " + leaders)
                .isLessThanOrEqualTo(1);
    }

    private Map<Integer, Integer> counts(boolean leaders) {
        Map<Integer, Integer> counts = new TreeMap<>(Map.of(1, 0, 2, 0, 3, 0, 4, 0));
        for (PartitionDescription partition : metadata.partitions(TOPIC).values()) {
            if (leaders) {
                counts.merge(partition.getLeader(), 1, Integer::sum);
            } else {
                partition.getReplicasList().forEach(node -> counts.merge(node, 1, Integer::sum));
            }
        }
        return counts;
    }

}
