package io.strata.metadata.watch;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.MetadataChange;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import io.strata.metadata.WatchRecorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prints the figures the issue asks for (not a benchmark with a warm-up protocol, but a fair
 * reading on this machine): CreateTopic latency of a 12-partition, replication-factor-3 topic,
 * and how long after CreateTopic answers a watcher receives the change.
 */
@QuarkusTest
class MetadataLatencyTest extends MetadataServiceTestBase {

    private static final int WARM_UP = 20;
    private static final int TOPICS = 200;

    @Test
    void createTopicAndWatchLatency() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String prefix = uniqueTopic("latency");
            long from = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
            Map<String, Long> answeredAt = new HashMap<>();
            long[] createMicros = new long[TOPICS];
            try (WatchRecorder watch = new WatchRecorder(channel.streaming(), from)) {
                for (int i = 0; i < WARM_UP + TOPICS; i++) {
                    String name = prefix + "-" + i;
                    long start = System.nanoTime();
                    metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(12)
                            .setReplicationFactor(3).build());
                    long end = System.nanoTime();
                    if (i >= WARM_UP) {
                        createMicros[i - WARM_UP] = (end - start) / 1000;
                        answeredAt.put(name, end);
                    }
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> watch.received().stream()
                        .filter(r -> r.response().hasChange() && r.response().getChange().hasTopic())
                        .anyMatch(r -> r.response().getChange().getTopic().getName().equals(prefix + "-" + (WARM_UP + TOPICS - 1))));
                List<Long> watchMicros = new ArrayList<>();
                for (WatchRecorder.Received received : watch.received()) {
                    MetadataChange change = received.response().getChange();
                    Long answered = answeredAt.get(change.getTopic().getName());
                    if (change.hasTopic() && answered != null) {
                        watchMicros.add((received.nanos() - answered) / 1000);
                    }
                }
                assertThat(watchMicros).hasSize(TOPICS);
                System.out.printf("FIGURES CreateTopic (12 partitions, RF 3), %d topics: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        TOPICS, percentile(createMicros, 50), percentile(createMicros, 99), percentile(createMicros, 100));
                long[] watchArray = watchMicros.stream().mapToLong(Long::longValue).toArray();
                System.out.printf("FIGURES watch receives a change after CreateTopic answered: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        percentile(watchArray, 50), percentile(watchArray, 99), percentile(watchArray, 100));
            }
        }
    }

    private static double percentile(long[] micros, int percent) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
