package io.strata.metadata.watch;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.DescribeTopicsResponse;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import io.strata.metadata.WatchRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class WatchMetadataTest extends MetadataServiceTestBase {

    @Inject
    MeterRegistry registry;

    private String createTopic(String name) {
        metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(2).setReplicationFactor(1).build());
        return name;
    }

    private static List<MetadataChange> changes(WatchRecorder watch) {
        return watch.responses().stream().filter(WatchMetadataResponse::hasChange).map(WatchMetadataResponse::getChange).toList();
    }

    private static List<String> createdTopics(List<MetadataChange> changes, String prefix) {
        return changes.stream().filter(MetadataChange::hasTopic).map(change -> change.getTopic().getName())
                .filter(name -> name.startsWith(prefix)).toList();
    }

    @Test
    void aWatchThatReconnectsFromItsLastVersionSeesEveryChangeOnceInOrder() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String prefix = uniqueTopic("resume");
            long from = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
            List<String> expected = new ArrayList<>();
            List<MetadataChange> seen = new ArrayList<>();

            try (WatchRecorder first = new WatchRecorder(channel.streaming(), from)) {
                for (int i = 0; i < 10; i++) {
                    expected.add(createTopic(prefix + "-" + i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> createdTopics(changes(first), prefix).size() >= 5);
                seen.addAll(changes(first));
            } // disconnects somewhere in the middle of (or after) the ten changes
            long last = seen.get(seen.size() - 1).getVersion();
            for (int i = 10; i < 20; i++) {
                expected.add(createTopic(prefix + "-" + i));
            }
            try (WatchRecorder resumed = new WatchRecorder(channel.streaming(), last)) {
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        createdTopics(changes(resumed), prefix).contains(prefix + "-19"));
                assertThat(resumed.responses()).noneMatch(WatchMetadataResponse::hasSnapshot);
                seen.addAll(changes(resumed));
            }

            assertThat(seen).extracting(MetadataChange::getVersion)
                    .as("dense, in order, nothing repeated")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(from + 1, from + seen.size()).boxed().toList());
            assertThat(createdTopics(seen, prefix)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aWatchFromZeroStartsWithASnapshot() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String name = createTopic(uniqueTopic("snap"));
            try (WatchRecorder watch = new WatchRecorder(channel.streaming(), 0)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !watch.responses().isEmpty());
                WatchMetadataResponse first = watch.responses().get(0);
                assertThat(first.hasSnapshot()).isTrue();
                assertThat(first.getSnapshot().getTopicsList()).anyMatch(topic -> topic.getName().equals(name));
                assertThat(first.getSnapshot().getNodesList()).anyMatch(node -> node.getNodeId() == nodes.ids().get(0));

                String later = createTopic(uniqueTopic("after-snap"));
                await().atMost(Duration.ofSeconds(30)).until(() -> createdTopics(changes(watch), later).size() == 1);
                assertThat(changes(watch).get(0).getVersion()).isEqualTo(first.getSnapshot().getVersion() + 1);
            }
        }
    }

    @Test
    void aWatchAheadOfTheClusterGetsASnapshot() {
        try (WatchRecorder watch = new WatchRecorder(channel.streaming(), Long.MAX_VALUE / 2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !watch.responses().isEmpty());
            assertThat(watch.responses().get(0).hasSnapshot()).isTrue();
        }
    }

    @Test
    void aSnapshotKeptFromTheChangeLogEqualsTheDatabase() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String kept = createTopic(uniqueTopic("cache-kept"));
            String gone = createTopic(uniqueTopic("cache-gone"));
            try (WatchRecorder first = new WatchRecorder(channel.streaming(), 0)) { // fills the cache
                await().atMost(Duration.ofSeconds(30)).until(() -> !first.responses().isEmpty());
            }
            String added = createTopic(uniqueTopic("cache-added"));
            metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(kept).putSet("retention.ms", "60000").build());
            metadata.deleteTopic(DeleteTopicRequest.newBuilder().setName(gone).build());

            try (WatchRecorder second = new WatchRecorder(channel.streaming(), 0)) { // from the cache and the change log
                await().atMost(Duration.ofSeconds(30)).until(() -> !second.responses().isEmpty());
                MetadataSnapshot snapshot = second.responses().get(0).getSnapshot();
                DescribeTopicsResponse database = metadata.describeTopics(DescribeTopicsRequest.newBuilder()
                        .addAllNames(snapshot.getTopicsList().stream().map(TopicDescription::getName).toList()).build());
                assertThat(snapshot.getTopicsList()).containsExactlyElementsOf(database.getTopicsList());
                assertThat(snapshot.getTopicsList()).extracting(TopicDescription::getName).contains(kept, added).doesNotContain(gone);
                assertThat(snapshot.getVersion()).isEqualTo(database.getMetadataVersion());

                DescribeTopicsResponse all = metadata.describeTopics(DescribeTopicsRequest.getDefaultInstance());
                assertThat(all.getTopicsList()).containsExactlyElementsOf(database.getTopicsList());
            }
        }
    }

    /**
     * Idle watches read nothing: a stream reads the change log only when the head moves (a
     * notification, or the instance's one head poll), once per watch per move. Each stream used
     * to read the change log every poll interval (1 s here) as well, so five idle watches were at
     * least fifteen reads in these 3 s.
     */
    @Test
    void idleWatchesDoNotReadTheChangeLogAndStillSeeTheNextChange() {
        int watches = 5;
        long from = version();
        List<WatchRecorder> recorders = new ArrayList<>();
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            for (int i = 0; i < watches; i++) {
                recorders.add(new WatchRecorder(channel.streaming(), from));
            }
            double reads = watchReads();
            long head = version();
            // Another test's node whose lease runs out is a real change: each one allows one read per watch.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                long moves = version() - head;
                assertThat(watchReads() - reads).as("change-log reads of %d idle watches while the head moved %d times",
                        watches, moves).isLessThanOrEqualTo(watches * moves);
            });

            String name = createTopic(uniqueTopic("idle"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorders)
                    .allSatisfy(watch -> assertThat(createdTopics(changes(watch), name)).containsExactly(name)));
        } finally {
            recorders.forEach(WatchRecorder::close);
        }
    }

    private long version() {
        return metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
    }

    private double watchReads() {
        return registry.counter("strata.metadata.watch.reads").count();
    }
}
