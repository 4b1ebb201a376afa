package io.strata.node.membership;

import io.strata.node.log.LogConfig;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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

        assertThat(reconciler.reconcile(Map.of(a0, assignment("id-a", Map.of()), b0, assignment("id-b", Map.of()))))
                .isEqualTo(new ReplicaReconciler.Outcome(2, 0, 0, 0));
        assertThat(dataDir.resolve("a-0")).isDirectory();

        assertThat(reconciler.reconcile(Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 1, 1, 0));
        assertThat(dataDir.resolve("b-0")).doesNotExist();
        assertThat(replicas.get(a0).log().config().retentionMs()).isEqualTo(60000);

        assertThat(reconciler.reconcile(Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 0));
    }

    @Test
    void aTopicRecreatedUnderTheSameNameStartsFromAnEmptyLog() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of(a0, assignment("first", Map.of())));
        replicas.get(a0).log().appendAsLeader(io.strata.node.log.TestBatchesAccess.batch(), 0);

        reconciler.reconcile(Map.of(a0, assignment("second", Map.of())));

        assertThat(replicas.get(a0).topicId()).isEqualTo("second");
        assertThat(replicas.get(a0).log().logEndOffset()).isZero();
    }

    @Test
    void replicasAndTheirTopicIdsSurviveARestart() throws IOException {
        TopicPartition a0 = new TopicPartition("a", 0);
        reconciler.reconcile(Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000"))));
        replicas.close();

        replicas = ReplicaManager.open(dataDir, 64, LogConfig.DEFAULTS, Clock.systemUTC(), 1, true, 100);

        assertThat(replicas.get(a0).topicId()).isEqualTo("id-a");
        assertThat(replicas.get(a0).configs()).containsEntry("retention.ms", "60000");
        assertThat(new ReplicaReconciler(replicas).reconcile(Map.of(a0, assignment("id-a", Map.of("retention.ms", "60000")))))
                .isEqualTo(new ReplicaReconciler.Outcome(0, 0, 0, 0));
    }
}
