package io.strata.adminui.message;

import io.strata.adminui.gateway.PartitionReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TailPlanTest {

    private static PartitionReport partition(int p, long logStart, long highWatermark) {
        return new PartitionReport(p, 1, 0, List.of(1), List.of(1), logStart, highWatermark);
    }

    @Test
    void readsWhatIsNewWithinTheBudgetAndCountsWhatItSkips() {
        TailCursor at = new TailCursor(Map.of(0, 10L, 1, 5L, 2, 7L), 0, 0, 0);
        TailPlan plan = TailPlan.of(List.of(partition(0, 0, 12), partition(1, 0, 105), partition(2, 0, 7)), at, 20);

        // two partitions have new records: 10 each; partition 1 has 100 new, so 90 are skipped
        assertThat(plan.reads()).containsExactly(new TailPlan.Read(0, 10, 2), new TailPlan.Read(1, 95, 10));
        assertThat(plan.skipped()).isEqualTo(90);
        assertThat(plan.next()).containsEntry(0, 12L).containsEntry(1, 105L).containsEntry(2, 7L);
    }

    @Test
    void retentionAndNewPartitionsAreHandledHonestly() {
        TailCursor at = TailCursor.parse("0:3", "9", "4", "1");
        TailPlan plan = TailPlan.of(List.of(partition(0, 8, 10), partition(1, 2, 4)), at, 100);

        assertThat(plan.reads()).containsExactly(new TailPlan.Read(0, 8, 2), new TailPlan.Read(1, 2, 2));
        assertThat(plan.skipped()).as("offsets 3 to 7 went to retention before the tail read them").isEqualTo(5);
        assertThat(TailPlan.of(List.of(partition(0, 0, 3)), at, 100).reads()).as("nothing new").isEmpty();
        assertThatThrownBy(() -> TailPlan.of(List.of(), at, 0)).hasMessageContaining("at least 1");
    }

    @Test
    void theCursorRoundTripsThroughItsUrlAndRefusesBadValues() {
        TailCursor cursor = TailCursor.parse("1:40,0:12", "52", "7", "0");
        assertThat(cursor.text()).isEqualTo("0:12,1:40");
        assertThat(cursor.nextOf(2, 5)).isEqualTo(5);
        assertThat(new TailControl("/topics/t", "a b", cursor, false, 1000, 500, 200).pauseHref())
                .isEqualTo("/topics/t/tail/poll?cursor=0:12,1:40&read=52&shown=7&skipped=0&q=a+b&paused=true");
        assertThatThrownBy(() -> TailCursor.parse("0-12", null, null, null)).hasMessageContaining("cursor: expected partition:offset");
        assertThatThrownBy(() -> TailCursor.parse("0:x", null, null, null)).hasMessageContaining("cursor offset: must be a whole number");
        assertThatThrownBy(() -> TailCursor.parse("", "-1", null, null)).hasMessageContaining("read: must be a whole number from 0 up, got '-1'");
    }
}
