package io.strata.coordinator.admin;

import io.strata.api.v1.PartitionLag;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.offsets.CommittedOffset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroupDescriptionsTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    @Test
    void lagIsLogEndOffsetMinusCommittedOffset() {
        PartitionLag lag = GroupDescriptions.withLogEnd(GroupDescriptions.lagWithoutEnd(ORDERS_0,
                new CommittedOffset(ORDERS_0, 40, "m", 1), "member-1"), 100).build();
        assertThat(lag.getLag()).isEqualTo(60);
        assertThat(lag.getLogEndOffset()).isEqualTo(100);
        assertThat(lag.getCommittedOffset()).isEqualTo(40);
        assertThat(lag.getMetadata()).isEqualTo("m");
        assertThat(lag.getMemberId()).isEqualTo("member-1");
    }

    @Test
    void lagIsUnknownWithoutACommittedOffsetOrALogEnd() {
        assertThat(GroupDescriptions.withLogEnd(GroupDescriptions.lagWithoutEnd(ORDERS_0, null, null), 100).build().getLag())
                .isEqualTo(-1);
        PartitionLag noEnd = GroupDescriptions.lagWithoutEnd(ORDERS_0, new CommittedOffset(ORDERS_0, 4, "", 1), null).build();
        assertThat(noEnd.getLag()).isEqualTo(-1);
        assertThat(noEnd.getLogEndOffset()).isEqualTo(-1);
        assertThat(noEnd.hasMetadata()).isFalse();
    }

    @Test
    void partitionsAreGroupedByTopicInOrder() {
        assertThat(GroupDescriptions.byTopic(List.of(new TopicPartition("b", 1), new TopicPartition("a", 3),
                new TopicPartition("b", 0))))
                .extracting(group -> group.getTopic() + group.getPartitionsList())
                .containsExactly("a[3]", "b[0, 1]");
    }
}
