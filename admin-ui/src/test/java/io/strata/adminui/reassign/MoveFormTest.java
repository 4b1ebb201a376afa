package io.strata.adminui.reassign;

import io.strata.adminui.gateway.ReassignmentReport;
import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The move form's checks and a move's progress text. Pure. */
class MoveFormTest {

    @Test
    void targetsAreNodeIdsInTheOrderTypedEachOnce() {
        assertThat(MoveForm.parse(" orders ", "2", "3, 1  2").replicas()).containsExactly(3, 1, 2);
        assertThat(MoveForm.parse("orders", "0", "4").topic()).isEqualTo("orders");
        assertRefused(() -> MoveForm.parse("", "0", "1"), "topic: required");
        assertRefused(() -> MoveForm.parse("t", "-1", "1"), "partition: '-1' is not a whole number of 0 or more");
        assertRefused(() -> MoveForm.parse("t", "0", " "), "replicas: give the target node ids, e.g. 1,2,3");
        assertRefused(() -> MoveForm.parse("t", "0", "1;2"), "replicas: '1;2' is not a whole number of 0 or more");
        assertRefused(() -> MoveForm.parse("t", "0", "1,2,1"), "replicas: node 1 is named twice in '1,2,1'");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= MoveForm.MAX_REPLICAS; i++) {
            many.append(i).append(',');
        }
        assertRefused(() -> MoveForm.parse("t", "0", many.toString()), "replicas: 65 node ids; at most 64");
    }

    @Test
    void progressCountsTheAddingReplicasInTheIsr() {
        ReassignmentRow starting = ReassignmentRow.of(new ReassignmentReport("t", 0, List.of(1, 2, 3, 4), List.of(3, 4), List.of(1, 2),
                List.of(1, 2)));
        assertThat(starting.progress()).isEqualTo("0 of 2 adding replica(s) caught up");
        assertThat(starting.removes(1)).isTrue();
        assertThat(starting.removes(3)).isFalse();
        ReassignmentRow half = ReassignmentRow.of(new ReassignmentReport("t", 0, List.of(1, 2, 3, 4), List.of(3, 4), List.of(1, 2),
                List.of(1, 2, 4)));
        assertThat(half.progress()).isEqualTo("1 of 2 adding replica(s) caught up");
        ReassignmentRow finishing = ReassignmentRow.of(new ReassignmentReport("a b/c", 7, List.of(1, 3), List.of(3), List.of(1),
                List.of(1, 3)));
        assertThat(finishing.progress()).isEqualTo("all 1 adding replica(s) caught up; finishing");
        assertThat(finishing.cancelHref()).isEqualTo("/reassignments/a%20b%2Fc/7/cancel");
    }

    private static void assertRefused(Runnable parse, String detail) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ConsoleProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.detail()).isEqualTo(detail);
        });
    }
}
