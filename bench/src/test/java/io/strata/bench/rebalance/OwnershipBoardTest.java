package io.strata.bench.rebalance;

import io.strata.client.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipBoardTest {

    private static List<TopicPartition> partitions(String topic, int from, int to) {
        return IntStream.range(from, to).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    @Test
    void settledMeansEveryPartitionOwnedOnceByTheLiveMembersInBalancedShares() {
        OwnershipBoard board = new OwnershipBoard("t", 10);
        board.assigned("a", partitions("t", 0, 5));
        board.assigned("b", partitions("t", 5, 9));
        assertThat(board.settled(List.of("a", "b"))).as("partition 9 unowned").isFalse();
        board.assigned("b", partitions("t", 9, 10));
        assertThat(board.settled(List.of("a", "b"))).isTrue();

        board.assigned("c", partitions("t", 0, 1));
        assertThat(board.settled(List.of("a", "b", "c"))).as("partition 0 owned twice").isFalse();
        board.revoked("a", partitions("t", 0, 2));
        board.revoked("b", partitions("t", 5, 7));
        board.assigned("c", partitions("t", 1, 2));
        assertThat(board.settled(List.of("a", "b", "c"))).as("c owns 2, a and b 3 each: unowned 5 and 6").isFalse();
        board.assigned("c", partitions("t", 5, 7));
        assertThat(board.settled(List.of("a", "b", "c"))).as("3, 4, 3 of 10").isTrue();
        assertThat(board.describe(List.of("a", "b", "c"))).isEqualTo("a=3 b=3 c=4");
    }

    @Test
    void anUnbalancedShareIsNotSettledAndADeadMembersReportDoesNotCount() {
        OwnershipBoard board = new OwnershipBoard("t", 4);
        board.assigned("a", partitions("t", 0, 3));
        board.assigned("b", partitions("t", 3, 4));
        assertThat(board.settled(List.of("a", "b"))).as("3 and 1 of 4").isFalse();

        board.assigned("b", partitions("t", 2, 3));
        board.revoked("a", partitions("t", 2, 3));
        board.assigned("killed", partitions("t", 0, 4));
        assertThat(board.settled(List.of("a", "b"))).as("the killed member is not live").isTrue();
        board.assigned("a", List.of(new TopicPartition("other", 0)));
        assertThat(board.settled(List.of("a", "b"))).as("another topic does not count").isTrue();
        assertThat(board.settled(List.of())).isFalse();
    }
}
