package io.strata.metadata.node;

import io.quarkus.test.junit.QuarkusTest;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.RegisterNodeRequest;
import io.strata.api.v1.RegisterNodeResponse;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.metadata.MetadataServiceTestBase;
import io.strata.metadata.WatchRecorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.strata.metadata.MetadataChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster id made by the V2 migration: one id, served alike by RegisterNode, DescribeCluster and
 * the watch snapshot, and a registration carrying another cluster's id refused. (That it survives
 * restarts of the service on the same database is MetadataServiceRestartIT's.)
 */
@QuarkusTest
class ClusterIdTest extends MetadataServiceTestBase {

    private static final String BASE64URL_UUID = "[A-Za-z0-9_-]{22}";

    private static int uniqueNodeId() {
        return 800_000 + (int) (Math.random() * 99_999);
    }

    @Test
    void oneClusterIdIsServedByRegistrationDescriptionAndSnapshot() {
        String described = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getClusterId();
        assertThat(described).matches(BASE64URL_UUID);

        RegisterNodeResponse first = metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(uniqueNodeId())
                .setAddress("127.0.0.1:9999").build());
        assertThat(first.getClusterId()).isEqualTo(described);

        RegisterNodeResponse again = metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(uniqueNodeId())
                .setAddress("127.0.0.1:9998").setClusterId(described).build());
        assertThat(again.getClusterId()).isEqualTo(described);

        try (WatchRecorder watch = new WatchRecorder(channel.streaming(), 0)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !watch.responses().isEmpty());
            WatchMetadataResponse snapshot = watch.responses().get(0);
            assertThat(snapshot.hasSnapshot()).isTrue();
            assertThat(snapshot.getSnapshot().getClusterId()).isEqualTo(described);
        }
    }

    @Test
    void aNodeOfAnotherClusterIsRefusedAndNotRegistered() {
        String ours = metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getClusterId();
        int nodeId = uniqueNodeId();
        String theirs = "AAAAAAAAAAAAAAAAAAAAAA";
        assertRefused(() -> metadata.registerNode(RegisterNodeRequest.newBuilder().setNodeId(nodeId)
                        .setAddress("127.0.0.1:9997").setClusterId(theirs).build()),
                ErrorCode.INCONSISTENT_CLUSTER_ID, "cluster_id: node " + nodeId
                        + "'s data directory belongs to cluster " + theirs + ", but this metadata service serves cluster " + ours);
        assertThat(metadata.describeCluster(DescribeClusterRequest.getDefaultInstance()).getNodesList())
                .noneMatch(node -> node.getNodeId() == nodeId);
    }
}
