package io.strata.node.membership;

import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionsChanged;
import io.strata.api.v1.TopicDeleted;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.TopicPartitionDescription;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewTest {

    static TopicDescription topic(String name, String id, Map<String, String> configs, List<List<Integer>> replicas) {
        TopicDescription.Builder topic = TopicDescription.newBuilder().setName(name).setTopicId(id).putAllConfigs(configs);
        for (int p = 0; p < replicas.size(); p++) {
            topic.addPartitions(PartitionDescription.newBuilder().setPartition(p).addAllReplicas(replicas.get(p))
                    .setLeader(replicas.get(p).get(0)).addAllIsr(replicas.get(p)));
        }
        return topic.build();
    }

    static WatchMetadataResponse snapshot(long version, TopicDescription... topics) {
        return WatchMetadataResponse.newBuilder().setSnapshot(MetadataSnapshot.newBuilder().setVersion(version)
                .addAllTopics(List.of(topics))).build();
    }

    static WatchMetadataResponse change(long version, TopicDescription topic) {
        return WatchMetadataResponse.newBuilder().setChange(MetadataChange.newBuilder().setVersion(version).setTopic(topic)).build();
    }

    static WatchMetadataResponse deleted(long version, String name, String id) {
        return WatchMetadataResponse.newBuilder().setChange(MetadataChange.newBuilder().setVersion(version)
                .setTopicDeleted(TopicDeleted.newBuilder().setName(name).setTopicId(id))).build();
    }

    @Test
    void assignmentsFollowSnapshotsAndChangesInVersionOrder() {
        ClusterView view = new ClusterView();
        assertThat(view.initialized()).isFalse();

        assertThat(view.apply(snapshot(5, topic("a", "id-a", Map.of("retention.ms", "1000"), List.of(List.of(1, 2), List.of(2, 3)))))).isTrue();
        assertThat(view.assignedTo(1)).containsOnlyKeys(new TopicPartition("a", 0));
        assertThat(view.assignedTo(2)).containsOnlyKeys(new TopicPartition("a", 0), new TopicPartition("a", 1));
        assertThat(view.assignedTo(1).get(new TopicPartition("a", 0)).configs()).containsEntry("retention.ms", "1000");

        assertThat(view.apply(change(6, topic("b", "id-b", Map.of(), List.of(List.of(1)))))).isTrue();
        assertThat(view.apply(deleted(7, "a", "id-a"))).isTrue();

        assertThat(view.version()).isEqualTo(7);
        assertThat(view.assignedTo(1)).containsOnlyKeys(new TopicPartition("b", 0));
        assertThat(view.assignedTo(2)).isEmpty();
    }

    @Test
    void aGapAsksForASnapshotAndARepeatIsIgnored() {
        ClusterView view = new ClusterView();
        view.apply(snapshot(5));

        assertThat(view.apply(change(5, topic("old", "x", Map.of(), List.of(List.of(1)))))).isTrue();
        assertThat(view.assignedTo(1)).isEmpty();
        assertThat(view.apply(change(7, topic("b", "id-b", Map.of(), List.of(List.of(1)))))).isFalse();
        assertThat(view.version()).isEqualTo(5);
    }

    @Test
    void partitionChangesReplaceOnlyThatPartition() {
        ClusterView view = new ClusterView();
        view.apply(snapshot(1, topic("a", "id-a", Map.of(), List.of(List.of(1), List.of(2)))));

        view.apply(WatchMetadataResponse.newBuilder().setChange(MetadataChange.newBuilder().setVersion(2)
                .setPartitionsChanged(PartitionsChanged.newBuilder().addPartitions(TopicPartitionDescription.newBuilder()
                        .setTopic("a").setTopicId("id-a").setPartition(PartitionDescription.newBuilder().setPartition(1)
                                .addReplicas(1).addReplicas(2))))).build());

        assertThat(view.assignedTo(1)).containsOnlyKeys(new TopicPartition("a", 0), new TopicPartition("a", 1));
        assertThat(view.assignedTo(2)).containsOnlyKeys(new TopicPartition("a", 1));
    }
}
