package io.strata.metadata.topic;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import io.strata.metadata.WatchRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Cluster-wide defaults of topic configs: stored, validated, described and sent in the watch. */
@QuarkusTest
class ClusterDefaultsTest extends MetadataServiceTestBase {

    @AfterEach
    void removeDefaults() {
        metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder().addAllDelete(
                TopicConfigs.withClusterDefaults(Map.of()).defaults().keySet()).build());
    }

    private Map<String, ConfigEntry> describe(String topic) {
        return metadata.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(topic).build()).getEntriesList()
                .stream().collect(Collectors.toMap(ConfigEntry::getName, entry -> entry));
    }

    @Test
    void aDefaultIsStoredDescribedAndSentToWatchersAsOneChange() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String name = uniqueTopic("defaults");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1).setReplicationFactor(1)
                    .putConfigs("retention.bytes", "1000").build());
            long before = metadata.describeTopics(io.strata.api.v1.DescribeTopicsRequest.getDefaultInstance()).getMetadataVersion();
            try (WatchRecorder watch = new WatchRecorder(channel.streaming(), before)) {
                AlterClusterConfigsResponse altered = metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                        .putSet("retention.ms", " 060000").putSet("retention.bytes", "5000000").build());

                assertThat(altered.getDefaults().getConfigsMap()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("retention.ms", "60000", "retention.bytes", "5000000"));
                await().atMost(Duration.ofSeconds(30)).until(() -> watch.responses().stream()
                        .anyMatch(event -> event.getChange().getVersion() == altered.getMetadataVersion()));
                WatchMetadataResponse change = watch.responses().stream()
                        .filter(event -> event.getChange().getVersion() == altered.getMetadataVersion()).findFirst().orElseThrow();
                assertThat(change.getChange().getClusterDefaults().getConfigsMap()).isEqualTo(altered.getDefaults().getConfigsMap());
            }
            try (WatchRecorder fresh = new WatchRecorder(channel.streaming(), 0)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !fresh.responses().isEmpty());
                assertThat(fresh.responses().get(0).getSnapshot().getClusterDefaults().getConfigsMap())
                        .containsEntry("retention.ms", "60000");
            }

            Map<String, ConfigEntry> configs = describe(name);
            assertThat(configs.get("retention.ms").getValue()).isEqualTo("60000");
            assertThat(configs.get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_CLUSTER);
            assertThat(configs.get("retention.bytes").getValue()).as("the topic's override wins").isEqualTo("1000");
            assertThat(configs.get("retention.bytes").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_TOPIC);
            assertThat(configs.get("min.cleanable.dirty.ratio").getType()).isEqualTo("double");
            assertThat(describe("").get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_CLUSTER);

            AlterClusterConfigsResponse removed = metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                    .addDelete("retention.ms").build());
            assertThat(removed.getDefaults().getConfigsMap()).containsOnlyKeys("retention.bytes");
            assertThat(describe(name).get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_DEFAULT);
        }
    }

    @Test
    void badDefaultsAreRefusedNamingKeyAndValueAndChangeNothing() {
        AlterClusterConfigsResponse before = metadata.alterClusterConfigs(AlterClusterConfigsRequest.getDefaultInstance());
        assertRefused(() -> metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                .putSet("retention.ms", "soon").build()), ErrorCode.INVALID_CONFIG, "value 'soon' of 'retention.ms'");
        assertRefused(() -> metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                .putSet("log.retention.ms", "1").build()), ErrorCode.INVALID_CONFIG, "unknown config key 'log.retention.ms'");
        assertRefused(() -> metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                .putSet("min.compaction.lag.ms", "5000").putSet("max.compaction.lag.ms", "1000").build()),
                ErrorCode.INVALID_CONFIG, "min.compaction.lag.ms (5000) is greater than max.compaction.lag.ms (1000)");
        AlterClusterConfigsResponse dry = metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder()
                .putSet("retention.ms", "1").setValidateOnly(true).build());
        assertThat(dry.getDefaults().getConfigsMap()).containsEntry("retention.ms", "1");
        // Not the metadata version: a node of another test whose lease ends meanwhile moves it too.
        assertThat(metadata.alterClusterConfigs(AlterClusterConfigsRequest.getDefaultInstance()).getDefaults())
                .isEqualTo(before.getDefaults());
        assertThat(describe("").get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_DEFAULT);
    }

    @Test
    void aTopicWhoseCompactionLagsContradictIsRefusedNamingBoth() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String name = uniqueTopic("lags");
            assertRefused(() -> metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1)
                    .setReplicationFactor(1).putConfigs("min.compaction.lag.ms", "5000")
                    .putConfigs("max.compaction.lag.ms", "1000").build()),
                    ErrorCode.INVALID_CONFIG, "min.compaction.lag.ms (5000) is greater than max.compaction.lag.ms (1000)");
            metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1).setReplicationFactor(1)
                    .putConfigs("min.compaction.lag.ms", "5000").build());
            metadata.alterClusterConfigs(AlterClusterConfigsRequest.newBuilder().putSet("max.compaction.lag.ms", "60000").build());
            assertRefused(() -> metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(name)
                    .putSet("min.compaction.lag.ms", "120000").build()),
                    ErrorCode.INVALID_CONFIG, "min.compaction.lag.ms (120000) is greater than max.compaction.lag.ms (60000)");
        }
    }
}
