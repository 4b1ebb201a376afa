package io.strata.gateway.produce;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducePlanTest {

    private static OutgoingRecord record(Integer partition, String key) {
        return new OutgoingRecord(partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8), new byte[]{1}, List.of(), 0);
    }

    @Test
    void keyedByMurmur2KeylessStickyGivenAsGivenAndOrderKeptPerPartition() {
        List<OutgoingRecord> records = List.of(record(null, null), record(2, null), record(null, "k"), record(null, null), record(2, "x"));
        ProducePlan plan = ProducePlan.of("t", records, 4, null, new Partitioner(0));
        assertThat(plan.partitionOf()[0]).isEqualTo(plan.partitionOf()[3]);
        assertThat(plan.partitionOf()[1]).isEqualTo(2);
        assertThat(plan.partitionOf()[2]).isEqualTo(Partitioner.forKey("k".getBytes(StandardCharsets.UTF_8), 4));
        assertThat(plan.byPartition().get(2)).containsSubsequence(1, 4);
        assertThat(plan.byPartition().values().stream().mapToInt(List::size).sum()).isEqualTo(5);
    }

    @Test
    void pathPartitionWinsAndMustAgreeWithTheRecords() {
        ProducePlan plan = ProducePlan.of("t", List.of(record(null, "k"), record(3, null)), 4, 3, new Partitioner(0));
        assertThat(plan.partitionOf()).containsExactly(3, 3);
        assertThatThrownBy(() -> ProducePlan.of("t", List.of(record(1, null)), 4, 3, new Partitioner(0)))
                .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void partitionOutOfRangeNamesTheRecordAndTheRange() {
        assertThatThrownBy(() -> ProducePlan.of("t", List.of(record(null, null), record(4, null)), 4, null, new Partitioner(0)))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
                    assertThat(e.getMessage()).contains("records[1]").contains("partition 4").contains("0 to 3");
                });
    }
}
