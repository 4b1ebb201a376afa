package io.strata.examples.pricing;

import io.strata.connector.ClusterExtension;
import io.strata.connector.StrataTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application's guarantees with several instances in one consumer group, each a real
 * process ({@link PricingInstance}, the packaged jar) against one real cluster shared by the class:
 * a second instance joining, an instance SIGKILLed, an instance stopped with SIGTERM. Each test has
 * topics and groups of its own ({@link PipelineTopics}); every price the test publishes is under the
 * limit, so every processed price shows as one order on the orders topic, keyed by its sequence
 * number: counting orders per sequence number counts how often each price was processed.
 *
 * <p>Runs in the integration-test phase (failsafe), after the application was packaged.
 */
@ExtendWith(ClusterExtension.class)
class MultiInstanceIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Well past the cluster's session timeout ({@link StrataTestCluster#SESSION_TIMEOUT}), after which a killed member's partitions move. */
    private static final Duration TAKE_OVER_WAIT = Duration.ofSeconds(120).plus(StrataTestCluster.SESSION_TIMEOUT);
    /** A commit interval no test lives to see: only a rebalance or a shutdown commits. */
    private static final String NEVER_MS = "600000";
    private static final int BATCH = 100;

    @Test
    void aSecondInstanceTakesOverHalfThePartitionsAndNothingIsLostOrProcessedTwice(StrataTestCluster cluster) {
        PipelineTopics pipeline = PipelineTopics.create(cluster, "join");
        Map<String, String> env = pipeline.environment(NEVER_MS);
        try (PricingInstance first = PricingInstance.start("join-first", cluster.bootstrap(), env);
             OrderCounter orders = new OrderCounter(cluster.bootstrap(), pipeline.orders(), PipelineTopics.PARTITIONS)) {
            String firstMember = awaitSoleOwner(cluster, pipeline);
            List<PublishedPrice> before = pipeline.publish(0, BATCH);
            await().atMost(WAIT).until(() -> orders.counts().size() == BATCH);

            try (PricingInstance second = PricingInstance.start("join-second", cluster.bootstrap(), env)) {
                Map<String, Set<Integer>> split = awaitBalanced(cluster, pipeline, 2);
                assertThat(split).containsKey(firstMember);
                Set<Integer> moved = split.entrySet().stream().filter(e -> !e.getKey().equals(firstMember))
                        .findFirst().orElseThrow().getValue();
                assertThat(moved).as("the partitions the second instance took over").hasSize(PipelineTopics.PARTITIONS / 2);
                // the commit interval is 10 min: only the first instance's revocation can have committed these
                Map<Integer, Long> ends = PublishedPrice.endOffsets(before);
                moved.forEach(partition -> assertThat(cluster.committed(pipeline.group(), pipeline.prices(), partition))
                        .as("committed offset of moved partition %d", partition).isEqualTo(ends.get(partition)));

                pipeline.publish(BATCH, BATCH);
                await().atMost(WAIT).until(() -> orders.counts().size() == 2 * BATCH);
                assertThat(orders.counts()).as("times each price was processed").allSatisfy((seq, times) -> assertThat(times).isOne());
                assertThat(second.isAlive()).isTrue();
            }
        }
    }

    @Test
    void aKilledInstancesPartitionsAreTakenOverFromTheCommittedOffsets(StrataTestCluster cluster) {
        PipelineTopics pipeline = PipelineTopics.create(cluster, "kill");
        Map<String, String> env = pipeline.environment(null);    // the default commit interval, 5 s
        try (PricingInstance victim = PricingInstance.start("kill-victim", cluster.bootstrap(), env);
             OrderCounter orders = new OrderCounter(cluster.bootstrap(), pipeline.orders(), PipelineTopics.PARTITIONS)) {
            String victimMember = awaitSoleOwner(cluster, pipeline);
            try (PricingInstance survivor = PricingInstance.start("kill-survivor", cluster.bootstrap(), env)) {
                Set<Integer> victimPartitions = awaitBalanced(cluster, pipeline, 2).get(victimMember);
                List<PublishedPrice> published = new java.util.ArrayList<>(pipeline.publish(0, BATCH));
                await().atMost(WAIT).until(() -> orders.counts().size() == BATCH);
                Map<Integer, Long> firstEnds = PublishedPrice.endOffsets(published);
                await().atMost(WAIT).until(() -> firstEnds.entrySet().stream().allMatch(end ->
                        cluster.committed(pipeline.group(), pipeline.prices(), end.getKey()) == end.getValue()));

                // right after a commit: the victim processes these and is killed before it commits them all
                published.addAll(pipeline.publish(BATCH, BATCH));
                await().atMost(WAIT).until(() -> orders.counts().size() == 2 * BATCH);
                victim.kill();
                Map<Integer, Long> committedAtKill = new TreeMap<>();
                victimPartitions.forEach(p -> committedAtKill.put(p, cluster.committed(pipeline.group(), pipeline.prices(), p)));

                await().atMost(TAKE_OVER_WAIT).until(() -> List.copyOf(cluster.assignments(pipeline.group(), pipeline.prices())
                        .values()).equals(List.of(Set.of(0, 1, 2, 3))));
                // processed twice: exactly the victim's records at or past its partition's last commit
                Map<Integer, Integer> expected = new TreeMap<>();
                published.forEach(price -> expected.put(price.sequence(), committedAtKill.containsKey(price.partition())
                        && price.offset() >= committedAtKill.get(price.partition()) ? 2 : 1));
                int replayed = expected.values().stream().mapToInt(times -> times - 1).sum();
                System.out.printf("killed instance: committed %s at the kill; %d records replayed by the survivor%n",
                        committedAtKill, replayed);
                await().atMost(WAIT).until(() -> orders.total() >= 2 * BATCH + replayed);
                assertThat(orders.counts()).as("times each price was processed").isEqualTo(expected);
                Map<Integer, Long> ends = PublishedPrice.endOffsets(published);
                await().atMost(WAIT).untilAsserted(() -> ends.forEach((partition, end) -> assertThat(
                        cluster.committed(pipeline.group(), pipeline.prices(), partition)).isEqualTo(end)));
            }
        }
    }

    @Test
    void aGracefulShutdownCommitsWhatWasAcknowledged(StrataTestCluster cluster) {
        PipelineTopics pipeline = PipelineTopics.create(cluster, "stop");
        try (PricingInstance instance = PricingInstance.start("stop", cluster.bootstrap(), pipeline.environment(NEVER_MS));
             OrderCounter orders = new OrderCounter(cluster.bootstrap(), pipeline.orders(), PipelineTopics.PARTITIONS)) {
            awaitSoleOwner(cluster, pipeline);
            List<PublishedPrice> published = pipeline.publish(0, BATCH);
            await().atMost(WAIT).until(() -> orders.counts().size() == BATCH);
            Map<Integer, Long> ends = PublishedPrice.endOffsets(published);
            ends.keySet().forEach(partition -> assertThat(cluster.committed(pipeline.group(), pipeline.prices(), partition))
                    .as("committed before the shutdown (the commit interval is 10 min)").isEqualTo(-1));
            assertTheMetricsShowWhatWasProcessed(instance, pipeline);

            int exit = instance.stop();

            Map<Integer, Long> committed = new HashMap<>();
            ends.keySet().forEach(partition -> committed.put(partition, cluster.committed(pipeline.group(), pipeline.prices(), partition)));
            assertThat(committed).as("committed offsets after SIGTERM (exit code %d)", exit).isEqualTo(ends);
            assertThat(committed.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(orders.total()).isEqualTo(BATCH);
            assertThat(cluster.assignments(pipeline.group(), pipeline.prices())).as("members left in the group").isEmpty();
        }
    }

    /** The connector's and the client's meters at the instance's /q/metrics, after it processed {@value #BATCH} prices. */
    private static void assertTheMetricsShowWhatWasProcessed(PricingInstance instance, PipelineTopics pipeline) {
        String consumer = "{channel=\"prices\",client=\"strata-poll-prices\"";
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText metrics = PrometheusText.scrape(instance.httpPort());
            assertThat(metrics.value("strata_consumer_records_consumed_total" + consumer + "}")).isEqualTo(BATCH);
            assertThat(metrics.value("strata_producer_records_sent_total{channel=\"orders-out\",role=\"outgoing\"}")).isEqualTo(BATCH);
            assertThat(metrics.value("strata_consumer_bytes_consumed_bytes_total" + consumer + "}")).isPositive();
            assertThat(metrics.value("strata_consumer_partitions_paused" + consumer + "}")).isZero();
            assertThat(metrics.value("strata_consumer_commit_latency_seconds_count" + consumer + "}")).isNotNegative();
            for (int partition = 0; partition < PipelineTopics.PARTITIONS; partition++) {
                assertThat(metrics.value("strata_consumer_lag" + consumer + ",partition=\"" + partition + "\",topic=\""
                        + pipeline.prices() + "\"}")).as("lag of partition %d", partition).isZero();
            }
        });
    }

    /** Waits until one member owns every partition of the prices topic; returns its member id. */
    private static String awaitSoleOwner(StrataTestCluster cluster, PipelineTopics pipeline) {
        return awaitBalanced(cluster, pipeline, 1).keySet().iterator().next();
    }

    /** Waits until {@code members} members share the prices topic's partitions evenly; returns who owns what. */
    private static Map<String, Set<Integer>> awaitBalanced(StrataTestCluster cluster, PipelineTopics pipeline, int members) {
        return await().atMost(WAIT).until(() -> cluster.assignments(pipeline.group(), pipeline.prices()), owners ->
                owners.size() == members && owners.values().stream().allMatch(p -> p.size() == PipelineTopics.PARTITIONS / members));
    }
}
