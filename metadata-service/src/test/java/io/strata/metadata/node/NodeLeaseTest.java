package io.strata.metadata.node;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.HeartbeatRequest;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import io.strata.metadata.MetadataServiceTestBase;
import io.strata.metadata.WatchRecorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Node leases (2 s in the test profile): expiry marks a node DOWN, a heartbeat revives it, and watchers see both. */
@QuarkusTest
class NodeLeaseTest extends MetadataServiceTestBase {

    private NodeState stateOf(int nodeId) {
        return metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getNodesList().stream()
                .filter(node -> node.getNodeId() == nodeId).map(NodeDescription::getState).findFirst().orElseThrow();
    }

    @Test
    void aNodeWithoutHeartbeatsGoesDownAndComesBackWithOne() {
        int nodeId = 900_000 + (int) (Math.random() * 99_999);
        RegisterNodeResponse registered = metadata.registerNode(RegisterNodeRequest.newBuilder()
                .setNodeId(nodeId).setAddress("127.0.0.1:9999").setRack("r1").build());
        assertThat(registered.getLeaseMs()).isEqualTo(2000);
        assertThat(registered.getHeartbeatIntervalMs()).isEqualTo(500);
        assertThat(stateOf(nodeId)).isEqualTo(NodeState.NODE_STATE_UP);
        WatchRecorder watch = new WatchRecorder(channel.streaming(), registered.getMetadataVersion());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> stateOf(nodeId) == NodeState.NODE_STATE_DOWN);

        metadata.heartbeat(HeartbeatRequest.newBuilder().setNodeId(nodeId).setNodeEpoch(registered.getNodeEpoch()).build());
        assertThat(stateOf(nodeId)).isEqualTo(NodeState.NODE_STATE_UP);
        try (watch) {
            await().atMost(Duration.ofSeconds(30)).until(() -> watch.responses().stream()
                    .filter(response -> response.getChange().hasNode())
                    .map(response -> response.getChange().getNode())
                    .filter(node -> node.getNodeId() == nodeId)
                    .map(NodeDescription::getState).limit(2).toList()
                    .equals(java.util.List.of(NodeState.NODE_STATE_DOWN, NodeState.NODE_STATE_UP)));
        }

        assertRefused(() -> metadata.heartbeat(HeartbeatRequest.newBuilder().setNodeId(nodeId)
                        .setNodeEpoch(registered.getNodeEpoch() - 1).build()),
                ErrorCode.STALE_NODE_EPOCH, "node_epoch: " + (registered.getNodeEpoch() - 1));
        assertRefused(() -> metadata.heartbeat(HeartbeatRequest.newBuilder().setNodeId(nodeId + 1).setNodeEpoch(1).build()),
                ErrorCode.STALE_NODE_EPOCH, "is not registered");
        assertRefused(() -> metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(-3).setAddress("x:1").build()),
                ErrorCode.INVALID_REQUEST, "node_id: -3");
    }

    @Test
    void theKafkaListenerAddressIsStoredWithTheNodeAndChangesWithARegistration() {
        int nodeId = 900_000 + (int) (Math.random() * 99_999);
        metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(nodeId).setAddress("127.0.0.1:9101")
                .setKafkaAddress("127.0.0.1:9201").build());
        assertThat(describe(nodeId).getKafkaAddress()).isEqualTo("127.0.0.1:9201");

        metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(nodeId).setAddress("127.0.0.1:9101")
                .setKafkaAddress("broker-1.example:9092").build());
        assertThat(describe(nodeId).getKafkaAddress()).isEqualTo("broker-1.example:9092");

        assertRefused(() -> metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(nodeId).setAddress("x:1")
                .setKafkaAddress("h".repeat(300) + ":9092").build()), ErrorCode.INVALID_REQUEST, "kafka_address:");
    }

    private NodeDescription describe(int nodeId) {
        return metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getNodesList().stream()
                .filter(node -> node.getNodeId() == nodeId).findFirst().orElseThrow();
    }
}
