package io.strata.adminui.search;

import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;
import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The search's filters, its bounded and resumable steps, its cursor and its URL, without Quarkus or a cluster. */
class MessageSearchTest {

    private static final MessageSearch.Limits WIDE = new MessageSearch.Limits(1_000_000, Long.MAX_VALUE, Duration.ofHours(1), 100, 1000);

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordReport record(int partition, long offset, String key, String value, HeaderReport... headers) {
        return new RecordReport("t", partition, offset, 0, key == null ? null : b64(key), value == null ? null : b64(value), List.of(headers));
    }

    /** Partition p holds offsets 0..n-1, each value {"customer":{"id":offset % 10},"p":p}; offset 7 also has a header. */
    private static List<List<RecordReport>> log(int partitions, int n) {
        List<List<RecordReport>> log = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<RecordReport> records = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                records.add(o == 7 ? record(p, o, "k" + o, "{\"customer\":{\"id\":" + (o % 10) + "},\"p\":" + p + "}", new HeaderReport("trace", b64("x")))
                        : record(p, o, "k" + o, "{\"customer\":{\"id\":" + (o % 10) + "},\"p\":" + p + "}"));
            }
            log.add(records);
        }
        return log;
    }

    private static MessageSearch.Reader reader(List<List<RecordReport>> log, List<String> reads) {
        return (p, offset, max) -> {
            reads.add(p + "@" + offset + "+" + max);
            List<RecordReport> records = log.get(p);
            return records.subList((int) Math.min(offset, records.size()), (int) Math.min(records.size(), offset + max));
        };
    }

    private static List<MessageSearch.Range> ranges(int partitions, long end) {
        List<MessageSearch.Range> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ranges.add(new MessageSearch.Range(p, 0, end));
        }
        return ranges;
    }

    @Test
    void filtersMatchKeysExactlyHeadersByNameAndValueAndJsonFieldsByTextOrJson() {
        RecordReport r = record(0, 0, "alice", "{\"customer\":{\"id\":42,\"tags\":[\"a\"]},\"ok\":true}", new HeaderReport("trace", b64("abc")));
        assertThat(SearchFilter.Key.of("alice").matches(r)).isTrue();
        assertThat(SearchFilter.Key.of("alic").matches(r)).isFalse();
        assertThat(SearchFilter.Header.of("trace", null).matches(r)).isTrue();
        assertThat(SearchFilter.Header.of("trace", "abc").matches(r)).isTrue();
        assertThat(SearchFilter.Header.of("trace", "ab").matches(r)).isFalse();
        assertThat(SearchFilter.Header.of("span", null).matches(r)).isFalse();
        assertThat(json("$.customer.id", "42").matches(r)).isTrue();
        assertThat(json("customer.id", "43").matches(r)).isFalse();
        assertThat(json("$.customer.tags", "[\"a\"]").matches(r)).isTrue();
        assertThat(json("$.customer.tags[0]", "a").matches(r)).isTrue();
        assertThat(json("$.ok", "true").matches(r)).isTrue();
        assertThat(json("$.customer.name", null).matches(r)).isFalse();
        assertThat(json("$.customer", null).matches(r)).as("blank value: the field exists").isTrue();
        assertThat(json("$.customer.id", "42").matches(record(0, 0, null, "\"42\""))).as("not an object or array").isFalse();
        assertThat(json("$.customer.id", "42").matches(record(0, 0, null, "{broken"))).isFalse();
        assertThat(json("$.customer.id", "42").matches(record(0, 0, null, null))).isFalse();
        assertThat(json("$.id", "42").matches(record(0, 0, null, "{\"id\":\"42\"}"))).as("a string of the same text").isTrue();
    }

    private static SearchFilter json(String path, String value) {
        return SearchFilter.JsonField.of(JsonPath.parse(path), value);
    }

    @Test
    void aSearchStopsAtItsRecordLimitAndContinuesExactlyWhereItStopped() {
        List<List<RecordReport>> log = log(2, 250);
        List<String> reads = new ArrayList<>();
        SearchFilter three = json("$.customer.id", "3");
        MessageSearch.Limits limits = new MessageSearch.Limits(300, Long.MAX_VALUE, Duration.ofHours(1), 100, 1000);

        MessageSearch.Outcome first = MessageSearch.step(ranges(2, 250), SearchCursor.START, three, limits, reader(log, reads), System::nanoTime);
        assertThat(first.stop()).isEqualTo(MessageSearch.Stop.RECORDS);
        assertThat(first.examined()).isEqualTo(300);
        assertThat(reads).containsExactly("0@0+100", "1@0+100", "0@100+100");   // round-robin, never past the limit
        assertThat(first.next().next()).containsEntry(0, 200L).containsEntry(1, 100L);
        assertThat(first.matches()).hasSize(30);
        SearchProgress progress = SearchProgress.of(ranges(2, 250), first);
        assertThat(progress.text()).isEqualTo("scanned 300 of 500, 30 matches");
        assertThat(progress.reason()).contains("strata.admin-ui.search-max-records");

        SearchCursor resumed = SearchCursor.parse(first.next().text(), Long.toString(first.next().matches()));
        MessageSearch.Outcome second = MessageSearch.step(ranges(2, 250), resumed, three, limits, reader(log, reads), System::nanoTime);
        assertThat(second.stop()).isEqualTo(MessageSearch.Stop.END);
        assertThat(second.examined()).isEqualTo(200);
        assertThat(second.matches()).hasSize(20).allSatisfy(m -> assertThat(m.offset()).isGreaterThanOrEqualTo(m.partition() == 0 ? 200 : 100));
        assertThat(SearchProgress.of(ranges(2, 250), second).text()).isEqualTo("scanned 500 of 500, 50 matches");
    }

    @Test
    void aSearchStopsAtMatchesTimeAndBytesWithTheCursorAfterTheLastRecordExamined() {
        List<List<RecordReport>> log = log(1, 100);
        MessageSearch.Outcome matches = MessageSearch.step(ranges(1, 100), SearchCursor.START, SearchFilter.Header.of("trace", null),
                new MessageSearch.Limits(1000, Long.MAX_VALUE, Duration.ofHours(1), 50, 1), reader(log, new ArrayList<>()), System::nanoTime);
        assertThat(matches.stop()).isEqualTo(MessageSearch.Stop.MATCHES);
        assertThat(matches.matches()).extracting(RecordReport::offset).containsExactly(7L);
        assertThat(matches.next().next()).containsEntry(0, 8L);

        AtomicLong clock = new AtomicLong();
        MessageSearch.Reader slow = (p, offset, max) -> {
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            return log.get(p).subList((int) offset, (int) Math.min(100, offset + max));
        };
        MessageSearch.Outcome time = MessageSearch.step(ranges(1, 100), SearchCursor.START, json("$.p", null),
                new MessageSearch.Limits(1000, Long.MAX_VALUE, Duration.ofMillis(1500), 10, 1000), slow, clock::get);
        assertThat(time.stop()).isEqualTo(MessageSearch.Stop.TIME);
        assertThat(time.examined()).isEqualTo(20);
        assertThat(time.next().next()).containsEntry(0, 20L);

        MessageSearch.Outcome bytes = MessageSearch.step(ranges(1, 100), SearchCursor.START, json("$.p", null),
                new MessageSearch.Limits(1000, 1, Duration.ofHours(1), 10, 1000), reader(log, new ArrayList<>()), System::nanoTime);
        assertThat(bytes.stop()).isEqualTo(MessageSearch.Stop.BYTES);
        assertThat(bytes.examined()).isEqualTo(10);
    }

    @Test
    void aCursorBelowTheLogStartGoesOnFromTheLogStartAndAnEmptyReadEndsThePartition() {
        List<List<RecordReport>> log = log(1, 10);
        List<String> reads = new ArrayList<>();
        MessageSearch.Outcome outcome = MessageSearch.step(List.of(new MessageSearch.Range(0, 4, 10)), SearchCursor.parse("0:2", "5"),
                json("$.p", null), WIDE, reader(log, reads), System::nanoTime);
        assertThat(reads).containsExactly("0@4+6");
        assertThat(outcome.next().matches()).isEqualTo(11);

        MessageSearch.Outcome stuck = MessageSearch.step(List.of(new MessageSearch.Range(0, 0, 20)), SearchCursor.parse("0:10", ""),
                json("$.p", null), WIDE, reader(log, new ArrayList<>()), System::nanoTime);
        assertThat(stuck.stop()).as("nothing readable below the end: done, not a loop").isEqualTo(MessageSearch.Stop.END);
    }

    @Test
    void theRequestIsCheckedAndItsContinueLinkCarriesTheCursor() {
        SearchRequest json = SearchRequest.parse("json", null, null, null, "$.customer.id", " 42 ", "0:10,1:20", "3");
        assertThat(json.filter().describe()).isEqualTo("value $.customer.id = 42");
        assertThat(json.href("/topics/t", new SearchCursor(java.util.Map.of(0, 11L, 1, 20L), 4)))
                .isEqualTo("/topics/t/messages/search?by=json&path=%24.customer.id&value=%2042%20&cursor=0%3A11%2C1%3A20&matches=4");
        assertThat(SearchRequest.parse("header", null, "trace", "", null, null, null, null).filter().describe()).isEqualTo("header trace present");
        assertThat(SearchRequest.parse(null, null, null, null, null, null, null, null).filter()).isNull();
        assertThatThrownBy(() -> SearchRequest.parse("value", null, null, null, null, null, null, null))
                .isInstanceOf(ConsoleProblem.class).hasMessage("by: must be key, header or json, got 'value'");
        assertThatThrownBy(() -> SearchRequest.parse("key", "", null, null, null, null, null, null))
                .hasMessage("key: give the key to search for (its exact text)");
        assertThatThrownBy(() -> SearchRequest.parse("json", null, null, null, "$.a", null, "0:x", null))
                .hasMessage("cursor offset: must be a whole number from 0 up, got 'x'");
    }

    @Test
    void aKeysPartitionIsKafkasMurmur2() {
        // murmur2 of "21", "foobar" and "abc" is -973932308, -790332482 and 479470107 (Kafka's UtilsTest vectors).
        assertThat(KeyPartition.of("21", 12)).isEqualTo(0);
        assertThat(KeyPartition.of("foobar", 12)).isEqualTo(6);
        assertThat(KeyPartition.of("abc", 12)).isEqualTo(3);
        assertThat(KeyPartition.of("abc", 1)).isZero();
        assertThatThrownBy(() -> KeyPartition.of("abc", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
