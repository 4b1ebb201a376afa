package io.strata.kafka.metadata;

import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.testing.FakeControlPlane;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataHandlerTest {

    private final FakeControlPlane controlPlane = new FakeControlPlane(0);
    private final MetadataHandler handler = new MetadataHandler(controlPlane);

    @Test
    void brokersAreTheUpNodesWithAKafkaListener() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "rack-a")
                .node(1, "h1:9092", NodeState.NODE_STATE_DOWN, "")
                .node(2, "", NodeState.NODE_STATE_UP, "")
                .node(3, "[::1]:9093", NodeState.NODE_STATE_UP, "");
        MetadataResponseData response = Requests.call(handler, MetadataRequest.Builder.allTopics().build((short) 12));
        assertThat(response.brokers()).extracting(b -> b.nodeId() + "@" + b.host() + ":" + b.port() + "/" + b.rack())
                .containsExactly("0@h0:9092/rack-a", "3@::1:9093/null");
        assertThat(response.clusterId()).isEqualTo(FakeControlPlane.CLUSTER_ID);
    }

    @Test
    void theControllerIsStratasControllerWhenItIsABrokerElseThisNode() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "").node(1, "h1:9092", NodeState.NODE_STATE_UP, "");
        assertThat(all().controllerId()).isZero();
        controlPlane.controller(1);
        assertThat(all().controllerId()).isEqualTo(1);
        controlPlane.node(1, "h1:9092", NodeState.NODE_STATE_DOWN, "");
        assertThat(all().controllerId()).isZero();
    }

    @Test
    void partitionsCarryLeaderEpochReplicasIsrAndOfflineReplicas() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "").node(1, "h1:9092", NodeState.NODE_STATE_DOWN, "");
        String id = UUID.randomUUID().toString();
        controlPlane.topic(TopicDescription.newBuilder().setName("t").setTopicId(id).setReplicationFactor(2)
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(0).setLeaderEpoch(7)
                        .addReplicas(0).addReplicas(1).addIsr(0))
                .addPartitions(PartitionDescription.newBuilder().setPartition(1).setLeader(-1).setLeaderEpoch(2)
                        .addReplicas(1).addReplicas(0))
                .addPartitions(PartitionDescription.newBuilder().setPartition(2).setLeader(1).setLeaderEpoch(1)
                        .addReplicas(1))
                .build());
        MetadataResponseTopic topic = all().topics().find("t");
        UUID uuid = UUID.fromString(id);
        assertThat(topic.topicId()).isEqualTo(new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
        MetadataResponsePartition p0 = topic.partitions().get(0);
        assertThat(p0.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(p0.leaderId()).isZero();
        assertThat(p0.leaderEpoch()).isEqualTo(7);
        assertThat(p0.replicaNodes()).containsExactly(0, 1);
        assertThat(p0.isrNodes()).containsExactly(0);
        assertThat(p0.offlineReplicas()).containsExactly(1);
        MetadataResponsePartition p1 = topic.partitions().get(1);
        assertThat(p1.errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(p1.leaderId()).isEqualTo(-1);
        // A leader that is DOWN is no leader a client can reach.
        assertThat(topic.partitions().get(2).errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(topic.partitions().get(2).leaderId()).isEqualTo(-1);
    }

    @Test
    void anUnknownTopicIsCreatedWhenAllowedAndIsThenLeaderNotAvailable() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "");
        MetadataResponseData response = Requests.call(handler, new MetadataRequest.Builder(List.of("fresh"), true).build((short) 12));
        assertThat(response.topics().find("fresh").errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(controlPlane.createRequests()).singleElement().satisfies(r -> {
            assertThat(r.getName()).isEqualTo("fresh");
            assertThat(r.getPartitions()).isZero();
            assertThat(r.getReplicationFactor()).isZero();
        });
        assertThat(Requests.<MetadataResponseData>call(handler, new MetadataRequest.Builder(List.of("fresh"), true).build((short) 12))
                .topics().find("fresh").errorCode()).isEqualTo(Errors.NONE.code());
    }

    @Test
    void anUnknownTopicIsUnknownWhenTheRequestOrTheClusterForbidsCreation() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "");
        MetadataResponseData refused = Requests.call(handler, new MetadataRequest.Builder(List.of("nope"), false).build((short) 12));
        assertThat(refused.topics().find("nope").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        controlPlane.autoCreate(false);
        MetadataResponseData off = Requests.call(handler, new MetadataRequest.Builder(List.of("nope"), true).build((short) 12));
        assertThat(off.topics().find("nope").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(controlPlane.createRequests()).isEmpty();
    }

    @Test
    void topicsAreFoundByIdAndAnUnknownIdIsUnknownTopicId() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "");
        TopicDescription topic = controlPlane.topic("by-id", 1);
        Uuid known = TopicIds.toKafka(topic.getTopicId());
        Uuid unknown = Uuid.randomUuid();
        MetadataRequestData data = new MetadataRequestData().setTopics(List.of(
                new MetadataRequestData.MetadataRequestTopic().setTopicId(known),
                new MetadataRequestData.MetadataRequestTopic().setTopicId(unknown)));
        MetadataResponseData response = Requests.call(handler, new MetadataRequest(data, (short) 12));
        assertThat(response.topics()).extracting(MetadataResponseTopic::name, MetadataResponseTopic::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("by-id", Errors.NONE.code()),
                        org.assertj.core.groups.Tuple.tuple(null, Errors.UNKNOWN_TOPIC_ID.code()));
    }

    @Test
    void beforeTheFirstSnapshotThereAreNoTopicsAndNamedOnesAreLeaderNotAvailable() throws Exception {
        assertThat(all().topics()).isEmpty();
        MetadataResponseData named = Requests.call(handler, new MetadataRequest.Builder(List.of("early"), true).build((short) 4));
        assertThat(named.topics().find("early").errorCode()).isEqualTo(Errors.LEADER_NOT_AVAILABLE.code());
        assertThat(controlPlane.createRequests()).isEmpty();
        assertThat(all().controllerId()).isZero();
    }

    @Test
    void everyVersionFromV0Encodes() throws Exception {
        controlPlane.node(0, "h0:9092", NodeState.NODE_STATE_UP, "r");
        controlPlane.topic("t", 2);
        for (short v = handler.minVersion(); v <= handler.maxVersion(); v++) {
            MetadataRequestData all = new MetadataRequestData().setTopics(v == 0 ? List.of() : null);
            MetadataResponseData response = Requests.call(handler, new MetadataRequest(all, v));
            assertThat(response.topics()).as("v%d", v).hasSize(1);
            org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(response, v);
        }
    }

    private MetadataResponseData all() throws Exception {
        return Requests.call(handler, MetadataRequest.Builder.allTopics().build((short) 12));
    }
}
