package io.strata.bench.chaos;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultScheduleTest {

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        List<PlannedFault> first = FaultSchedule.plan(42, 600_000, 2_000, 10_000);
        assertThat(FaultSchedule.plan(42, 600_000, 2_000, 10_000)).isEqualTo(first);
        assertThat(FaultSchedule.plan(43, 600_000, 2_000, 10_000)).isNotEqualTo(first);
    }

    @Test
    void faultsDoNotOverlapStayWithinTheRunAndTheirBounds() {
        for (long seed = 0; seed < 200; seed++) {
            List<PlannedFault> faults = FaultSchedule.plan(seed, 300_000, 2_000, 10_000);
            long previousEnd = 0;
            for (PlannedFault fault : faults) {
                assertThat(fault.atMs()).as("seed %d: %s", seed, fault).isGreaterThanOrEqualTo(previousEnd + FaultSchedule.MIN_GAP_MS);
                assertThat(fault.atMs() + fault.durationMs()).as("seed %d: %s", seed, fault).isLessThanOrEqualTo(300_000);
                if (fault.kind() != FaultKind.ROLLING_RESTART) {
                    assertThat(fault.durationMs()).isBetween(2_000L, 10_000L);
                }
                if (fault.kind() == FaultKind.TWO_AT_ONCE) {
                    assertThat(fault.parts()).hasSize(2);
                    assertThat(fault.parts().get(0).kind()).isNotEqualTo(fault.parts().get(1).kind());
                    assertThat(fault.parts()).allMatch(part -> part.kind() != FaultKind.TWO_AT_ONCE
                            && part.kind() != FaultKind.ROLLING_RESTART);
                }
                previousEnd = fault.atMs() + fault.durationMs();
            }
        }
    }

    @Test
    void aRunLongEnoughForOneRoundInjectsEveryKind() {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        FaultSchedule.plan(7, 600_000, 2_000, 10_000).forEach(fault -> kinds.add(fault.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(FaultKind.values());
    }

    @Test
    void badBoundsAreRefused() {
        assertThatThrownBy(() -> FaultSchedule.plan(1, 60_000, 5_000, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < min <= max");
    }
}
