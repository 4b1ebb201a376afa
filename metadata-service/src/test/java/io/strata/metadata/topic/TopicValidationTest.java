package io.strata.metadata.topic;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.AlterConfigsRequest;
import io.strata.api.v1.CreatePartitionsRequest;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.DeleteTopicRequest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeState;
import io.strata.metadata.LiveNodes;
import io.strata.metadata.MetadataServiceTestBase;
import org.junit.jupiter.api.Test;

import static io.strata.metadata.MetadataChannel.assertRefused;

/** Every refusal of the topic RPCs, with its error code and a message naming the field and value. */
@QuarkusTest
class TopicValidationTest extends MetadataServiceTestBase {

    private CreateTopicRequest.Builder topic(String name) {
        return CreateTopicRequest.newBuilder().setName(name).setPartitions(1).setReplicationFactor(1);
    }

    private void refused(CreateTopicRequest.Builder request, ErrorCode code, String messagePart) {
        assertRefused(() -> metadata.createTopic(request.build()), code, messagePart);
    }

    @Test
    void badNamesAreInvalidTopic() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            refused(topic(""), ErrorCode.INVALID_TOPIC, "name: topic name '' is empty");
            refused(topic("a".repeat(250)), ErrorCode.INVALID_TOPIC, "250 characters");
            refused(topic("."), ErrorCode.INVALID_TOPIC, "'.' is not allowed");
            refused(topic(".."), ErrorCode.INVALID_TOPIC, "'..' is not allowed");
            refused(topic("bad/name"), ErrorCode.INVALID_TOPIC, "contains '/' at index 3");
            refused(topic("spaced name"), ErrorCode.INVALID_TOPIC, "contains ' '");
            metadata.createTopic(topic("a".repeat(249 - 9) + "-" + uniqueTopic("x").substring(2)).build());
        }
    }

    @Test
    void existingTopicIsRefused() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            String name = uniqueTopic("twice");
            metadata.createTopic(topic(name).build());
            refused(topic(name), ErrorCode.TOPIC_ALREADY_EXISTS, "'" + name + "' already exists");
        }
    }

    @Test
    void partitionCountsAreChecked() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            refused(topic(uniqueTopic("p")).setPartitions(-1), ErrorCode.INVALID_PARTITIONS, "partitions: -1 is less than 1");
            refused(topic(uniqueTopic("p")).setPartitions(10_001), ErrorCode.INVALID_PARTITIONS, "partitions: 10001 is more than");
            String name = uniqueTopic("grow");
            metadata.createTopic(topic(name).setPartitions(4).build());
            assertRefused(() -> metadata.createPartitions(CreatePartitionsRequest.newBuilder().setTopic(name).setTotalCount(4).build()),
                    ErrorCode.INVALID_PARTITIONS, "total_count: 4 is not more than");
            assertRefused(() -> metadata.createPartitions(CreatePartitionsRequest.newBuilder().setTopic(uniqueTopic("none")).setTotalCount(4).build()),
                    ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic: topic '");
        }
    }

    @Test
    void replicationFactorIsAtMostTheLiveNodes() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 2)) {
            long live = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getNodesList().stream()
                    .filter(node -> node.getState() == NodeState.NODE_STATE_UP).count();
            refused(topic(uniqueTopic("rf")).setReplicationFactor(-2), ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication_factor: -2 is less than 1");
            refused(topic(uniqueTopic("rf")).setReplicationFactor((int) live + 1), ErrorCode.INVALID_REPLICATION_FACTOR,
                    "replication_factor: " + (live + 1) + " is more than the");
        }
    }

    @Test
    void configsAreKnownTypedAndRanged() {
        try (LiveNodes nodes = LiveNodes.start(metadata, 1)) {
            refused(topic(uniqueTopic("c")).putConfigs("retention.hours", "1"), ErrorCode.INVALID_CONFIG,
                    "unknown config key 'retention.hours'");
            refused(topic(uniqueTopic("c")).putConfigs("retention.ms", "soon"), ErrorCode.INVALID_CONFIG,
                    "value 'soon' of 'retention.ms' is not a long integer");
            refused(topic(uniqueTopic("c")).putConfigs("retention.ms", "-2"), ErrorCode.INVALID_CONFIG,
                    "value '-2' of 'retention.ms' is out of range -1");
            refused(topic(uniqueTopic("c")).putConfigs("segment.bytes", "3000000000"), ErrorCode.INVALID_CONFIG,
                    "'segment.bytes' is out of range 1024");
            refused(topic(uniqueTopic("c")).putConfigs("min.insync.replicas", "0"), ErrorCode.INVALID_CONFIG,
                    "'min.insync.replicas' is out of range 1");
            refused(topic(uniqueTopic("c")).putConfigs("cleanup.policy", "shred"), ErrorCode.INVALID_CONFIG,
                    "value 'shred' of 'cleanup.policy' is not one of [delete, compact, compact,delete]");
            refused(topic(uniqueTopic("c")).putConfigs("unclean.leader.election.enable", "yes"), ErrorCode.INVALID_CONFIG,
                    "value 'yes' of 'unclean.leader.election.enable' is not true or false");
            refused(topic(uniqueTopic("c")).putConfigs("flush.ms", "-1"), ErrorCode.INVALID_CONFIG, "'flush.ms' is out of range 0");

            String name = uniqueTopic("alter");
            metadata.createTopic(topic(name).build());
            assertRefused(() -> metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(name)
                    .putSet("max.message.bytes", "12").build()), ErrorCode.INVALID_CONFIG, "'max.message.bytes' is out of range 64");
            assertRefused(() -> metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(name)
                    .addDelete("no.such.key").build()), ErrorCode.INVALID_CONFIG, "unknown config key 'no.such.key'");
        }
    }

    @Test
    void unknownTopicsAreRefused() {
        String name = uniqueTopic("ghost");
        assertRefused(() -> metadata.deleteTopic(DeleteTopicRequest.newBuilder().setName(name).build()),
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "name: topic '" + name + "' does not exist");
        assertRefused(() -> metadata.alterConfigs(AlterConfigsRequest.newBuilder().setTopic(name).build()),
                ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic: topic '" + name + "' does not exist");
    }
}
