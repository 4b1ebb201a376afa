package io.strata.api.metadata;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.WatchMetadataResponse;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataStateTest {

    private static final TopicDescription TOPIC = TopicDescription.newBuilder().setName("t").setTopicId("id-1")
            .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(1).addReplicas(1).addReplicas(2))
            .addPartitions(PartitionDescription.newBuilder().setPartition(1).setLeader(2).addReplicas(2).addReplicas(1))
            .build();

    private static NodeDescription node(int id, NodeState state) {
        return NodeDescription.newBuilder().setNodeId(id).setAddress("127.0.0.1:910" + id).setState(state).build();
    }

    private static WatchMetadataResponse snapshot(long version) {
        return WatchMetadataResponse.newBuilder().setSnapshot(MetadataSnapshot.newBuilder().setVersion(version)
                .addTopics(TOPIC).addNodes(node(1, NodeState.NODE_STATE_UP)).addNodes(node(2, NodeState.NODE_STATE_UP))).build();
    }

    private static WatchMetadataResponse change(MetadataChange.Builder change) {
        return WatchMetadataResponse.newBuilder().setChange(change).build();
    }

    @Test
    void routesToTheLeaderAndFollowsLeaderChangesInVersionOrder() {
        MetadataState state = new MetadataState();
        assertThatThrownBy(() -> state.view().leader("t", 0))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LEADER_NOT_AVAILABLE));
        assertThat(state.apply(snapshot(5))).isEqualTo(MetadataState.Applied.CHANGED);
        assertThat(state.view().leader("t", 0).address()).isEqualTo("127.0.0.1:9101");

        MetadataChange.Builder moved = MetadataChange.newBuilder().setVersion(6).setPartitionsChanged(PartitionsChanged.newBuilder()
                .addPartitions(TopicPartitionDescription.newBuilder().setTopic("t").setTopicId("id-1")
                        .setPartition(PartitionDescription.newBuilder().setPartition(0).setLeader(2).setLeaderEpoch(1))));
        assertThat(state.apply(change(moved))).isEqualTo(MetadataState.Applied.CHANGED);
        assertThat(state.view().leader("t", 0)).isEqualTo(new ClusterMetadata.Leader(2, "127.0.0.1:9102", 1));
        assertThat(state.apply(change(moved))).isEqualTo(MetadataState.Applied.IGNORED);
        assertThat(state.apply(change(MetadataChange.newBuilder().setVersion(8)))).isEqualTo(MetadataState.Applied.GAP);
        assertThat(state.version()).isEqualTo(6);

        state.apply(change(MetadataChange.newBuilder().setVersion(7).setNode(node(2, NodeState.NODE_STATE_DOWN))));
        assertThatThrownBy(() -> state.view().leader("t", 0))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE));
    }

    @Test
    void unknownTopicsAndPartitionsAreNamed() {
        MetadataState state = new MetadataState();
        state.apply(snapshot(1));
        assertThatThrownBy(() -> state.view().leader("nope", 0)).hasMessageContaining("'nope'");
        assertThatThrownBy(() -> state.view().leader("t", 2)).hasMessageContaining("partition 2").hasMessageContaining("0 to 1");
    }
}
