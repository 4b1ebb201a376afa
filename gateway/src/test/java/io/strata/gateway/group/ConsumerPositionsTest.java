package io.strata.gateway.group;

import io.strata.api.v1.GroupTopicPartitions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerPositionsTest {

    private static final TopicPartition A0 = new TopicPartition("a", 0);
    private static final TopicPartition A1 = new TopicPartition("a", 1);
    private static final TopicPartition B0 = new TopicPartition("b", 0);

    @Test
    void ownedIsExactlyThePartitionsWithAPositionGroupedByTopic() {
        ConsumerPositions positions = new ConsumerPositions(new TreeMap<>(Map.of(A1, 5L, A0, 3L, B0, 0L)));

        assertThat(positions.owned()).containsExactly(
                GroupTopicPartitions.newBuilder().setTopic("a").addPartitions(0).addPartitions(1).build(),
                GroupTopicPartitions.newBuilder().setTopic("b").addPartitions(0).build());
        assertThat(ConsumerPositions.of(positions.stored())).isEqualTo(positions);
    }

    @Test
    void reconcileKeepsPositionsOfPartitionsStillAssignedDropsRevokedAndListsNewOnes() {
        ConsumerPositions positions = new ConsumerPositions(new TreeMap<>(Map.of(A0, 3L, A1, 5L)));

        ConsumerPositions.Reconciled reconciled = positions.reconcile(ConsumerPositions.grouped(List.of(A1, B0)));

        assertThat(reconciled.kept().offsets()).containsExactly(Map.entry(A1, 5L));
        assertThat(reconciled.revoked()).containsExactly(A0);
        assertThat(reconciled.added()).containsExactly(B0);
        assertThat(reconciled.kept().with(Map.of(B0, 7L)).offsets()).containsExactly(Map.entry(A1, 5L), Map.entry(B0, 7L));
    }

    @Test
    void anEmptyAssignmentGivesEverythingUp() {
        ConsumerPositions positions = new ConsumerPositions(new TreeMap<>(Map.of(A0, 3L)));

        ConsumerPositions.Reconciled reconciled = positions.reconcile(List.of());

        assertThat(reconciled.kept().offsets()).isEmpty();
        assertThat(reconciled.revoked()).containsExactly(A0);
        assertThat(reconciled.added()).isEmpty();
    }
}
