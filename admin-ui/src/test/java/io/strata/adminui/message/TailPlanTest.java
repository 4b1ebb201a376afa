package io.strata.adminui.message;

import io.strata.adminui.gateway.PartitionReport;
import io.strata.adminui.gateway.RecordReport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
        assertThat(new TailControl("/topics/t", "a b", cursor, 1000, 500, 200).eventsHref())
                .isEqualTo("/topics/t/tail/events?cursor=0:12,1:40&read=52&shown=7&skipped=0&q=a+b");
        assertThatThrownBy(() -> TailCursor.parse("0-12", null, null, null)).hasMessageContaining("cursor: expected partition:offset");
        assertThatThrownBy(() -> TailCursor.parse("0:x", null, null, null)).hasMessageContaining("cursor offset: must be a whole number");
        assertThatThrownBy(() -> TailCursor.parse("", "-1", null, null)).hasMessageContaining("read: must be a whole number from 0 up, got '-1'");
    }

    @Test
    void aStepPutsTheNewestOnTopKeepsWhatTheFilterKeepsAndLeavesAShortReadsRestForNextTime() {
        TailCursor at = TailCursor.parse("0:10,1:0", "5", "5", "0");
        TailPlan plan = TailPlan.of(List.of(partition(0, 0, 13), partition(1, 0, 2)), at, 100);
        List<List<RecordReport>> results = List.of(
                List.of(record(0, 10, 100, "{\"item\":\"book\"}"), record(0, 11, 300, "{\"item\":\"pen\"}")),   // 2 of 3: a short read
                List.of(record(1, 0, 200, "{\"item\":\"book\"}"), record(1, 1, 400, "{\"item\":\"lamp\"}")));

        TailStep all = TailStep.of(at, plan, results, "", URI.create("http://gw"));
        assertThat(all.rows()).extracting(MessageRow::offset).containsExactly(1L, 11L, 0L, 10L);   // newest first, by timestamp
        assertThat(all.cursor().next()).containsEntry(0, 12L).containsEntry(1, 2L);
        assertThat(all.cursor().read()).isEqualTo(9);
        assertThat(all.cursor().skipped()).isZero();

        TailStep books = TailStep.of(at, plan, results, "BOOK", URI.create("http://gw"));
        assertThat(books.rows()).extracting(MessageRow::partition).containsExactly(1, 0);
        assertThat(books.cursor().read()).isEqualTo(9);
        assertThat(books.cursor().shown()).isEqualTo(7);
    }

    private static RecordReport record(int partition, long offset, long timestamp, String value) {
        return new RecordReport("t", partition, offset, timestamp, null,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)), List.of());
    }
}
