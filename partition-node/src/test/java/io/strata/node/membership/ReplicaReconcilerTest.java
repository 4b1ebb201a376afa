package io.strata.node.membership;

import io.strata.node.log.LogConfig;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler against a real data directory: replicas created, reconfigured, deleted when the
 * node saw their topic go, and renamed aside as strays (never deleted) when found at start unlisted.
 */
class ReplicaReconcilerTest {

    @TempDir
    Path dataDir;
    private ReplicaManager replicas;
    private ReplicaReconciler reconciler;

    @BeforeEach
    void open() throws IOException {
        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);
        reconciler = new ReplicaReconciler(replicas);
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    private static ClusterView.Assignment assignment(String topicId, Map<String, String> configs) {
        return new ClusterView.Assignment(topicId, configs, List.of(1));
    }

    @Test
    void createsMissingDeletesUnassignedAndAppliesConfigChanges() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition b0 = new TopicPartition("b", 0);

        assertThat(reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of()), b0, assignment("id-b", Map.of()))))
                .isEqualTo(new ReplicaReconciler.Outcome(2, 0, 0, 0, 0));
        assertThat(dataDir.resolve("a-0")).isDirectory();

        assertThat(reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 1, 0, 1, 0));
        assertThat(dataDir.resolve("b-0")).doesNotExist();
        assertThat(replicas.get(a0).log().config().retentionMs()).isEqualTo(60000);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dirNames()).containsExactly("a-0"));

        assertThat(reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 0, 0));
    }

    @Test
    void aTopicRecreatedUnderTheSameNameStartsFromAnEmptyLog() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of(), Map.of(a0, assignment("first", Map.of())));
        replicas.get(a0).log().appendAsLeader(io.strata.node.log.TestBatchesAccess.batch(), 0);

        reconciler.reconcile(Map.of(), Map.of(a0, assignment("second", Map.of())));

        assertThat(replicas.get(a0).topicId()).isEqualTo("second");
        assertThat(replicas.get(a0).log().logEndOffset()).isZero();
    }

    @Test
    void replicasAndTheirTopicIdsSurviveARestart() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000"))));
        replicas.close();

        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);

        assertThat(replicas.get(a0).topicId()).isEqualTo("id-a");
        assertThat(replicas.get(a0).configs()).containsEntry("retention.ms", "60000");
        assertThat(new ReplicaReconciler(replicas).reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 0, 0));
    }

    @Test
    void replicasTheMetadataDoesNotListAtStartAreRenamedAsideAsStraysWithEveryByteKept() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition b0 = new TopicPartition("b", 0);
        reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of()), b0, assignment("id-b", Map.of())));
        replicas.get(b0).log().appendAsLeader(io.strata.node.log.TestBatchesAccess.batch(), 0);
        replicas.close();
        Map<String, byte[]> b0Files = filesOf(dataDir.resolve("b-0"));

        // A restart against metadata that lists a-0 only (b deleted while the node was down, or a restored backup).
        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);
        reconciler = new ReplicaReconciler(replicas);
        assertThat(reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of()))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 1, 0, 0));

        assertThat(replicas.find(b0)).isEmpty();
        List<String> names = dirNames();
        assertThat(names).hasSize(2).contains("a-0");
        String stray = names.stream().filter(name -> !name.equals("a-0")).findFirst().orElseThrow();
        assertThat(stray).matches("b-0\\.[0-9a-f]{32}-stray");
        assertThat(filesOf(dataDir.resolve(stray))).containsOnlyKeys(b0Files.keySet())
                .allSatisfy((name, bytes) -> assertThat(bytes).isEqualTo(b0Files.get(name)));

        // A stray is left alone from then on, also across restarts.
        assertThat(reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of()))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 0, 0));
        replicas.close();
        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);
        assertThat(replicas.replicas()).extracting(io.strata.node.replica.Replica::id).containsExactly(a0);
        assertThat(dirNames()).contains(stray);
    }

    @Test
    void aReplicaOfAnOlderIncarnationFoundAtStartIsStrayNotDeleted() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of(), Map.of(a0, assignment("first", Map.of())));
        replicas.close();

        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);
        assertThat(new ReplicaReconciler(replicas).reconcile(Map.of(), Map.of(a0, assignment("second", Map.of()))))
                .isEqualTo(new ReplicaReconciler.Outcome(1, 0, 1, 0, 0));
        assertThat(replicas.get(a0).topicId()).isEqualTo("second");
        assertThat(dirNames()).hasSize(2).anyMatch(name -> name.matches("a-0\\.[0-9a-f]{32}-stray"));
    }

    @Test
    void aClusterRetentionDefaultDeletesSegmentsOfAnExistingReplicaWithoutARestart() throws Exception {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition b0 = new TopicPartition("b", 0);
        Map<String, String> small = Map.of("segment.bytes", "1024");
        reconciler.reconcile(Map.of(), Map.of(a0, assignment("id-a", small),
                b0, assignment("id-b", Map.of("segment.bytes", "1024", "retention.ms", "-1"))));
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 40; i++) {
            for (TopicPartition id : List.of(a0, b0)) {
                replicas.get(id).append(io.strata.node.log.TestBatchesAccess.batchAt(hourAgo), false, 5000)
                        .toCompletableFuture().get();
            }
        }
        int segments = replicas.get(a0).log().segmentCount();
        assertThat(segments).isGreaterThan(2);
        replicas.applyRetention();
        assertThat(replicas.get(a0).log().logStartOffset()).as("7 days of Kafka's default keeps an hour").isZero();

        assertThat(reconciler.reconcile(Map.of("retention.ms", "60000"), Map.of(a0, assignment("id-a", small),
                b0, assignment("id-b", Map.of("segment.bytes", "1024", "retention.ms", "-1")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 1, 0));
        replicas.applyRetention();

        assertThat(replicas.get(a0).log().config().retentionMs()).isEqualTo(60000);
        assertThat(replicas.get(a0).log().logStartOffset()).as("the cluster default deleted the old segments").isPositive();
        assertThat(replicas.get(a0).log().segmentCount()).isLessThan(segments);
        assertThat(replicas.get(b0).log().logStartOffset()).as("the topic's own retention.ms=-1 wins").isZero();
    }

    @Test
    void theLastClusterDefaultsSurviveARestartWithoutTheMetadataService() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of("retention.ms", "-1", "cleanup.policy", "compact", "min.insync.replicas", "2"),
                Map.of(a0, assignment("id-a", Map.of())));
        replicas.close();

        // Started again and loaded before any metadata arrived: the defaults last received, not Kafka's 7 days.
        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);

        assertThat(replicas.clusterDefaults()).containsEntry("retention.ms", "-1");
        assertThat(replicas.get(a0).log().config().retentionMs()).isEqualTo(-1);
        assertThat(replicas.get(a0).log().config().compacts()).isTrue();
        assertThat(replicas.get(a0).minInsyncReplicas()).isEqualTo(2);

        // Removed from the metadata: back to the node's settings, and that too is kept.
        new ReplicaReconciler(replicas).reconcile(Map.of(), Map.of(a0, assignment("id-a", Map.of())));
        assertThat(replicas.get(a0).log().config().retentionMs()).isEqualTo(LogConfig.DEFAULTS.retentionMs());
        assertThat(replicas.get(a0).minInsyncReplicas()).isEqualTo(1);
        replicas.close();
        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);
        assertThat(replicas.clusterDefaults()).isEmpty();
    }

    @Test
    void clusterDefaultsThatDoNotFitAReplicaLeaveItsSettingsAndApplyToTheOthers() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition b0 = new TopicPartition("b", 0);
        Map<TopicPartition, ClusterView.Assignment> assigned = Map.of(a0, assignment("id-a", Map.of("max.compaction.lag.ms", "1000")),
                b0, assignment("id-b", Map.of()));
        reconciler.reconcile(Map.of(), assigned);

        reconciler.reconcile(Map.of("min.compaction.lag.ms", "5000", "retention.ms", "60000"), assigned);

        assertThat(replicas.get(a0).log().config().retentionMs()).as("min > max for a: a keeps its settings")
                .isEqualTo(LogConfig.DEFAULTS.retentionMs());
        assertThat(replicas.get(b0).log().config().retentionMs()).isEqualTo(60000);
    }

    private List<String> dirNames() throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, byte[]> filesOf(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
