package io.strata.metadata.watch;

import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicDeleted;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotDeltaTest {

    private static TopicDescription topic(String name, int leader) {
        return TopicDescription.newBuilder().setName(name).setTopicId(name + "-id")
                .addPartitions(PartitionDescription.newBuilder().setPartition(0).setLeader(leader).addReplicas(leader)).build();
    }

    private static final MetadataSnapshot AT_10 = MetadataSnapshot.newBuilder().setVersion(10).setClusterId("c")
            .addNodes(NodeDescription.newBuilder().setNodeId(1)).addTopics(topic("b", 1)).addTopics(topic("d", 1)).build();

    @Test
    void changesInOrderGiveTheSnapshotAtTheLastVersionSortedByName() {
        List<MetadataChange> changes = List.of(
                MetadataChange.newBuilder().setVersion(11).setTopic(topic("a", 1)).build(),
                MetadataChange.newBuilder().setVersion(12).setTopicDeleted(TopicDeleted.newBuilder().setName("d").setTopicId("d-id")).build(),
                MetadataChange.newBuilder().setVersion(13).setPartitionsChanged(PartitionsChanged.newBuilder()
                        .addPartitions(TopicPartitionDescription.newBuilder().setTopic("b").setTopicId("b-id")
                                .setPartition(topic("b", 2).getPartitions(0)))).build(),
                MetadataChange.newBuilder().setVersion(14).setNode(NodeDescription.newBuilder().setNodeId(0)).build());

        MetadataSnapshot next = SnapshotDelta.apply(AT_10, changes).orElseThrow();

        assertThat(next.getVersion()).isEqualTo(14);
        assertThat(next.getClusterId()).isEqualTo("c");
        assertThat(next.getTopicsList()).containsExactly(topic("a", 1), topic("b", 2));
        assertThat(next.getNodesList()).extracting(NodeDescription::getNodeId).containsExactly(0, 1);
    }

    @Test
    void changesThatDoNotContinueTheSnapshotAreRefused() {
        List<MetadataChange> pruned = List.of(MetadataChange.newBuilder().setVersion(12).setTopic(topic("a", 1)).build());
        assertThat(SnapshotDelta.apply(AT_10, pruned)).isEmpty();
        List<MetadataChange> old = List.of(MetadataChange.newBuilder().setVersion(10).setTopic(topic("a", 1)).build());
        assertThat(SnapshotDelta.apply(AT_10, old)).isEmpty();
    }

    @Test
    void noChangesKeepTheSnapshot() {
        assertThat(SnapshotDelta.apply(AT_10, List.of())).contains(AT_10);
    }
}
