package io.strata.adminui.group;

import io.strata.adminui.gateway.OffsetLagReport;
import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResetChoiceTest {

    @Test
    void readsEachTargetIntoTheGatewaysBody() {
        ResetChoice earliest = ResetChoice.parse("earliest", "", "", "", List.of("a", "b"));
        assertThat(earliest.request(true).toString())
                .isEqualTo("{\"to\":\"earliest\",\"topics\":[{\"topic\":\"a\"},{\"topic\":\"b\"}],\"dry_run\":true}");
        ResetChoice offset = ResetChoice.parse("OFFSET", " 7 ", "a", "0, 2", List.of("a"));
        assertThat(offset.request(false).toString())
                .isEqualTo("{\"to\":\"offset\",\"offset\":7,\"topics\":[{\"topic\":\"a\",\"partitions\":[0,2]}],\"dry_run\":false}");
        assertThat(ResetChoice.parse("timestamp", "2026-12-05T10:00:00Z", "a", "", List.of()).value()).isEqualTo(1_796_464_800_000L);
        assertThat(ResetChoice.parse("timestamp", "2026-12-05T10:00", "a", "", List.of()).value()).isEqualTo(1_796_464_800_000L);
        assertThat(ResetChoice.parse("timestamp", "1000", "a", "", List.of()).value()).isEqualTo(1000L);
        assertThat(ResetChoice.parse("shift", "+5", "a", "", List.of()).value()).isEqualTo(5L);
        assertThat(ResetChoice.parse("shift", "-5", "a", "", List.of()).describe())
                .isEqualTo("the committed offset − 5 records, for every partition of a");
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> ResetChoice.parse("offset", "-1", "a", "", List.of())).isInstanceOf(ConsoleProblem.class)
                .hasMessage("value: an offset must be 0 or more, got -1");
        assertThatThrownBy(() -> ResetChoice.parse("timestamp", "yesterday", "a", "", List.of()))
                .hasMessage("value: 'yesterday' is not a timestamp (ms since the epoch, or 2026-12-05T10:00:00Z)");
        assertThatThrownBy(() -> ResetChoice.parse("earliest", "", "", "1", List.of("a")))
                .hasMessage("partitions: name the topic the partitions 1 belong to");
        assertThatThrownBy(() -> ResetChoice.parse("earliest", "", "a", "1,x", List.of()))
                .hasMessage("partitions: 'x' is not a partition number (0 or more); give them comma-separated, e.g. 0,2");
        assertThatThrownBy(() -> ResetChoice.parse("latest", "", "", "", List.of()))
                .hasMessage("topic: the group has no committed offsets yet; name the topic to reset");
        assertThatThrownBy(() -> ResetChoice.parse("shift", "", "a", "", List.of()))
                .hasMessage("value: give the number of records to shift by (e.g. -100 or +20)");
    }

    @Test
    void aShiftStaysWithinTheLogAndSkipsWhatWasNotChosen() {
        List<OffsetLagReport> committed = List.of(
                new OffsetLagReport("a", 0, 10, 50, 40, null, null),
                new OffsetLagReport("a", 1, 45, 50, 5, null, null),
                new OffsetLagReport("a", 2, 12, -1, -1, null, null),
                new OffsetLagReport("b", 0, 3, 9, 6, null, null));
        ResetChoice back = ResetChoice.parse("shift", "-20", "a", "", List.of());
        assertThat(OffsetShift.plan(committed, back, Map.of("a/0", 4L))).containsExactly(
                new PlanRow("a", 0, 10L, 4), new PlanRow("a", 1, 45L, 25), new PlanRow("a", 2, 12L, 0));
        ResetChoice ahead = ResetChoice.parse("shift", "+10", "a", "1,2", List.of());
        List<PlanRow> plan = OffsetShift.plan(committed, ahead, Map.of());
        assertThat(plan).containsExactly(new PlanRow("a", 1, 45L, 50), new PlanRow("a", 2, 12L, 22));
        assertThat(plan.get(0).change()).isEqualTo("+5");
        assertThat(OffsetShift.requests(List.of(new PlanRow("a", 0, 1L, 5), new PlanRow("a", 1, 2L, 5), new PlanRow("a", 2, 3L, 6)))
                .stream().map(Object::toString).toList()).containsExactly(
                "{\"to\":\"offset\",\"offset\":5,\"topics\":[{\"topic\":\"a\",\"partitions\":[0,1]}],\"dry_run\":false}",
                "{\"to\":\"offset\",\"offset\":6,\"topics\":[{\"topic\":\"a\",\"partitions\":[2]}],\"dry_run\":false}");
    }
}
