package io.strata.bench.chaos;

import io.strata.api.v1.AssignmentEvent;
import io.strata.api.v1.AssignmentEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnershipCheckTest {

    private static AssignmentEvent event(long sequence, String member, int partition, AssignmentEventType type) {
        return AssignmentEvent.newBuilder().setSequence(sequence).setMemberId(member).setMemberEpoch(1).setTopic("t")
                .setPartition(partition).setType(type).build();
    }

    @Test
    void aHandOverThroughRevocationIsClean() {
        OwnershipCheck check = new OwnershipCheck();
        check.accept(event(1, "a", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        check.accept(event(2, "a", 0, AssignmentEventType.ASSIGNMENT_EVENT_REVOKING));
        check.accept(event(3, "a", 0, AssignmentEventType.ASSIGNMENT_EVENT_REVOKED));
        check.accept(event(4, "b", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        assertThat(check.violations()).isEmpty();
        assertThat(check.events()).isEqualTo(4);
    }

    @Test
    void assigningAnOwnedPartitionToAnotherMemberIsAViolation() {
        OwnershipCheck check = new OwnershipCheck();
        check.accept(event(1, "a", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        check.accept(event(2, "b", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        assertThat(check.violations()).singleElement().asString().contains("while a owns it");
    }

    @Test
    void aGapInTheSequenceIsReportedAndARestartStartsOver() {
        OwnershipCheck check = new OwnershipCheck();
        check.accept(event(1, "a", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        check.accept(event(3, "a", 1, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        assertThat(check.violations()).singleElement().asString().contains("2..2 were not seen");
        check.restart();
        check.accept(event(1, "b", 0, AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED));
        assertThat(check.violations()).hasSize(1);
        assertThat(check.restarts()).isEqualTo(1);
    }
}
