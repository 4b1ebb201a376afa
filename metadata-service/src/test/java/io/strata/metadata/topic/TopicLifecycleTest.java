package io.strata.metadata.topic;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.DescribeTopicsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class TopicLifecycleTest extends MetadataServiceTestBase {

    @Test
    void createDescribeAlterGrowDelete() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 3)) {
            String name = uniqueTopic("orders");
            CreateTopicResponse created = metadata.createTopic(CreateTopicRequest.newBuilder()
                    .setName(name).setPartitions(12).setReplicationFactor(3)
                    .putConfigs("retention.ms", "3600000").putConfigs("cleanup.policy", "COMPACT").build());

            TopicDescription topic = created.getTopic();
            assertThat(topic.getPartitionsCount()).isEqualTo(12);
            assertThat(topic.getConfigsMap()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("retention.ms", "3600000", "cleanup.policy", "compact"));
            for (PartitionDescription partition : topic.getPartitionsList()) {
                assertThat(partition.getReplicasList()).hasSize(3).doesNotHaveDuplicates();
                assertThat(partition.getLeader()).isEqualTo(partition.getReplicas(0));
                assertThat(partition.getIsrList()).containsExactlyElementsOf(partition.getReplicasList());
                assertThat(partition.getLeaderEpoch()).isZero();
            }

            TopicDescription described = metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build())
                    .getTopics(0);
            assertThat(described).isEqualTo(topic);

            Map<String, ConfigEntry> configs = metadata.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(name).build())
                    .getEntriesList().stream().collect(Collectors.toMap(ConfigEntry::getName, entry -> entry));
            assertThat(configs).hasSize(TopicConfigKey.values().length);
            assertThat(configs.get("retention.ms").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_TOPIC);
            assertThat(configs.get("segment.bytes").getValue()).isEqualTo("1073741824");
            assertThat(configs.get("segment.bytes").getSource()).isEqualTo(ConfigSource.CONFIG_SOURCE_DEFAULT);

            TopicDescription altered = metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(name)
                    .putSet("min.insync.replicas", "2").addDelete("retention.ms").build()).getTopic();
            assertThat(altered.getConfigsMap()).containsOnlyKeys("cleanup.policy", "min.insync.replicas");

            TopicDescription grown = metadata.createPartitions(CreatePartitionsRequest.newBuilder()
                    .setTopic(name).setTotalCount(16).build()).getTopic();
            assertThat(grown.getPartitionsList()).extracting(PartitionDescription::getPartition)
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            assertThat(grown.getPartitionsList().subList(0, 12)).isEqualTo(topic.getPartitionsList());

            String topicId = metadata.deleteTopic(DeleteTopicRequest.newBuilder().setName(name).build()).getTopicId();
            assertThat(topicId).isEqualTo(topic.getTopicId());
            assertRefused(() -> metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build()),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name);

            String again = metadata.createTopic(CreateTopicRequest.newBuilder().setName(name).setPartitions(1)
                    .setReplicationFactor(1).build()).getTopic().getTopicId();
            assertThat(again).as("a re-created topic is a new incarnation").isNotEqualTo(topicId);
        }
    }

    @Test
    void validateOnlyCreatesNothing() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String name = uniqueTopic("dry");
            CreateTopicResponse dry = metadata.createTopic(CreateTopicRequest.newBuilder()
                    .setName(name).setPartitions(3).setReplicationFactor(1).setValidateOnly(true).build());
            assertThat(dry.getTopic().getPartitionsCount()).isEqualTo(3);
            assertRefused(() -> metadata.describeTopics(DescribeTopicsRequest.newBuilder().addNames(name).build()),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name);
        }
    }
}
