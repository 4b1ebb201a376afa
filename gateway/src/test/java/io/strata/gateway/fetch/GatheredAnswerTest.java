package io.strata.gateway.fetch;

import com.google.protobuf.ByteString;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.PartitionRecords;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatheredAnswerTest {

    private static PartitionRecords records(int partition, int bytes) {
        return PartitionRecords.newBuilder().setTopic("t").setPartition(partition).setRecords(ByteString.copyFrom(new byte[bytes])).build();
    }

    private static PartitionRecords error(int partition) {
        return PartitionRecords.newBuilder().setTopic("t").setPartition(partition).setErrorCode(ErrorCode.NOT_LEADER_OR_FOLLOWER).build();
    }

    @Test
    void readyAtTheFirstPartWithNewsAndLaterPartsAreDropped() {
        GatheredAnswer answer = new GatheredAnswer(3, 0);

        assertThat(answer.add(List.of())).as("a leader with nothing new").isFalse();
        assertThat(answer.add(List.of(records(4, 10)))).as("the first records").isTrue();
        assertThat(answer.add(List.of(records(9, 10)))).as("after the answer went").isFalse();

        assertThat(answer.partitions()).extracting(PartitionRecords::getPartition).containsExactly(4);
    }

    @Test
    void anErrorIsNewsToo() {
        GatheredAnswer answer = new GatheredAnswer(2, 0);
        assertThat(answer.add(List.of(error(2)))).isTrue();
        assertThat(answer.partitions()).extracting(PartitionRecords::getErrorCode).containsExactly(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void readyWhenEveryPartCameBackEmpty() {
        GatheredAnswer answer = new GatheredAnswer(2, 0);
        assertThat(answer.add(List.of())).isFalse();
        assertThat(answer.ready()).isFalse();
        assertThat(answer.add(List.of())).isTrue();
        assertThat(answer.partitions()).isEmpty();
    }

    @Test
    void keepsTheFirstRecordsWholeAndLeavesOutWhatPassesTheBound() {
        GatheredAnswer answer = new GatheredAnswer(1, 100);
        answer.add(List.of(records(0, 150), records(1, 10), error(2)));
        assertThat(answer.partitions()).as("the first whole, then only what fits (an error has no bytes)")
                .extracting(PartitionRecords::getPartition).containsExactly(0, 2);

        GatheredAnswer roomy = new GatheredAnswer(1, 100);
        roomy.add(List.of(records(0, 60), records(1, 40), records(2, 1)));
        assertThat(roomy.partitions()).extracting(PartitionRecords::getPartition).containsExactly(0, 1);
    }

    @Test
    void refusesNegativeBounds() {
        assertThatThrownBy(() -> new GatheredAnswer(-1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
}
