package io.strata.cluster;

import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.PartitionDescription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL of the controller: the raft group elects another leader, which claims a higher controller
 * epoch (its term) and moves the dead controller's partitions; then, with the old controller
 * restarted (three raft members tolerate one loss at a time), SIGKILL of another partition leader:
 * the new controller moves its partitions too.
 */
class ControllerFailoverIT extends ClusterTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void aNewControllerTakesOverAndTheNextFailoverStillHappens() throws IOException {
        cluster = new TestCluster(dataDir).startCore();
        MetadataProbe metadata = new MetadataProbe(cluster.channel("metadata-service"));
        ControllerDescription first = ElectionAwaits.controllerNewerThan(metadata, 0);
        metadata.createTopic("orders", 6, 3);
        int oldController = first.getNodeId();
        List<Integer> ledByOldController = metadata.ledBy("orders", oldController);
        assertThat(ledByOldController).isNotEmpty();

        long start = System.nanoTime();
        cluster.process(ElectionAwaits.service(oldController)).kill();
        ControllerDescription second = ElectionAwaits.controllerNewerThan(metadata, first.getControllerEpoch());
        long takeoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        awaitNewLeaders(metadata, oldController, ledByOldController);
        long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("controller %d (epoch %d) killed: node %d controller at epoch %d after %d ms, its partitions %s moved after %d ms%n",
                oldController, first.getControllerEpoch(), second.getNodeId(), second.getControllerEpoch(), takeoverMs,
                ledByOldController, failoverMs);
        System.out.println("killed at " + java.time.Instant.now().minusMillis(failoverMs) + "; the new controller's log:");
        cluster.logLines(ElectionAwaits.service(second.getNodeId()), "io.st.no.el").forEach(System.out::println);
        assertThat(second.getNodeId()).isNotEqualTo(oldController);
        assertThat(cluster.logLinesContaining(ElectionAwaits.service(second.getNodeId()),
                "is the raft leader in term " + second.getControllerEpoch() + ":")).isPositive();

        ElectionAwaits.restartAndJoin(cluster, oldController);
        // Let the restarted node take back the leaderships it prefers first: a partition moved
        // between choosing the victim's partitions and the kill would keep the dead node as a
        // follower in its ISR for replica.lag.time.max, longer than the bound below.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                metadata.partitions("orders").forEach((index, partition) -> {
                    assertThat(partition.getLeader()).as("leader of orders-" + index).isEqualTo(partition.getReplicas(0));
                    assertThat(partition.getIsrList()).as("ISR of orders-" + index).hasSize(3);
                }));
        int victim = 6 - oldController - second.getNodeId();
        List<Integer> ledByVictim = metadata.ledBy("orders", victim);
        assertThat(ledByVictim).as("partitions led by node " + victim).isNotEmpty();
        start = System.nanoTime();
        cluster.process(ElectionAwaits.service(victim)).kill();
        awaitNewLeaders(metadata, victim, ledByVictim);
        System.out.printf("then leader %d killed: its partitions %s moved after %d ms%n", victim, ledByVictim,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(metadata.controller().getControllerEpoch()).isGreaterThanOrEqualTo(second.getControllerEpoch());
        assertThat(metadata.controller().getNodeId()).isNotEqualTo(victim);
    }

    /** Waits until each partition is led by a live member of its ISR (neither the dead node nor nobody). */
    private static void awaitNewLeaders(MetadataProbe metadata, int dead, List<Integer> partitions) {
        await().atMost(BOUND).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            Map<Integer, PartitionDescription> now = metadata.partitions("orders");
            for (int p : partitions) {
                PartitionDescription partition = now.get(p);
                assertThat(partition.getLeader()).as("leader of orders-" + p).isNotIn(dead, -1);
                assertThat(partition.getIsrList()).as("ISR of orders-" + p).contains(partition.getLeader())
                        .doesNotContain(dead);
            }
        });
    }
}
