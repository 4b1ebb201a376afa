package io.strata.node.metrics;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-wide counts, each as Kafka counts the metric it is named after. */
class NodeReadingTest {

    private static ReplicaReading led(String topic, int replicas, int isr, int minIsr) {
        return new ReplicaReading(topic, 0, true, replicas, isr, minIsr, 0, 10, 10, 100, Map.of());
    }

    private static ReplicaReading followed(String topic) {
        return new ReplicaReading(topic, 0, false, 0, 0, 2, 0, 10, 10, 100, Map.of());
    }

    private static ClusterMetadata metadata(int controller, long epoch, int... leaders) {
        TopicDescription.Builder topic = TopicDescription.newBuilder().setName("t");
        for (int p = 0; p < leaders.length; p++) {
            topic.addPartitions(PartitionDescription.newBuilder().setPartition(p).setLeader(leaders[p]));
        }
        return new ClusterMetadata(1, true, Map.of("t", topic.build()), Map.of(),
                ControllerDescription.newBuilder().setNodeId(controller).setControllerEpoch(epoch).build());
    }

    @Test
    void underReplicatedAndUnderMinIsrCountOnlyPartitionsLedHere() {
        List<ReplicaReading> replicas = List.of(
                led("whole", 3, 3, 2),
                led("one-behind", 3, 2, 2),
                led("alone", 3, 1, 2),
                followed("followed-alone"));

        NodeReading node = NodeReading.of(replicas, metadata(2, 7, 1, 1, -1), 1);

        assertThat(node.partitions()).isEqualTo(4);
        assertThat(node.leaders()).isEqualTo(3);
        assertThat(node.underReplicated()).as("one-behind and alone").isEqualTo(2);
        assertThat(node.underMinIsr()).as("alone").isEqualTo(1);
        assertThat(node.activeController()).isZero();
        assertThat(node.offline()).as("only the active controller counts offline partitions").isZero();
        assertThat(node.controllerEpoch()).isEqualTo(7);
    }

    @Test
    void theActiveControllerCountsLeaderlessPartitions() {
        NodeReading node = NodeReading.of(List.of(), metadata(1, 9, 1, -1, 3, -1), 1);

        assertThat(node.activeController()).isEqualTo(1);
        assertThat(node.offline()).isEqualTo(2);
        assertThat(NodeReading.of(List.of(), ClusterMetadata.EMPTY, 1)).isEqualTo(NodeReading.NONE);
    }
}
