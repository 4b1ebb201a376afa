package io.strata.adminui.search;

import io.strata.adminui.gateway.RecordReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * One bounded step of a message search: reads the partitions' records from the cursor up to each
 * partition's end (its high watermark when the step began), round-robin in reads of
 * {@code readRecords}, keeps those the filter matches, and stops at the first limit reached —
 * records examined, bytes examined, time, or matches — or at the end. The answer's cursor is the
 * offset after the last record examined in each partition, so a next step resumes exactly there:
 * no record is examined twice or skipped (but those removed by retention in between).
 *
 * <p>Pure apart from the {@link Reader} it is given (the gateway's partition reads in the console,
 * a list in the tests); the clock is given too. Not thread-safe; one step per call.
 */
public final class MessageSearch {

    /** Reads up to {@code max} records of a partition from {@code offset}, without waiting for new ones. */
    @FunctionalInterface
    public interface Reader {
        List<RecordReport> read(int partition, long offset, int max);
    }

    /** The bounds of one step. */
    public record Limits(long maxRecords, long maxBytes, Duration maxTime, int readRecords, int maxMatches) {
    }

    /** One partition to search: its log start and the offset to stop before. */
    public record Range(int partition, long logStart, long end) {
    }

    /** Why a step stopped. */
    public enum Stop {
        END, RECORDS, BYTES, TIME, MATCHES
    }

    /**
     * What a step found: its matches in the order examined, the cursor to continue from, why it
     * stopped, and how many records and bytes it examined.
     */
    public record Outcome(List<RecordReport> matches, SearchCursor next, Stop stop, long examined, long bytes) {
    }

    private MessageSearch() {
    }

    public static Outcome step(List<Range> ranges, SearchCursor from, SearchFilter filter, Limits limits, Reader reader,
                               LongSupplier nanoClock) {
        long startNanos = nanoClock.getAsLong();
        Map<Integer, Long> next = new TreeMap<>(from.next());
        Map<Integer, Range> active = new LinkedHashMap<>();
        for (Range range : ranges) {
            long at = from.nextOf(range.partition(), range.logStart());
            next.put(range.partition(), at);
            if (at < range.end()) {
                active.put(range.partition(), range);
            }
        }
        List<RecordReport> matches = new ArrayList<>();
        long examined = 0;
        long bytes = 0;
        while (!active.isEmpty()) {
            for (Range range : List.copyOf(active.values())) {
                Stop limit = examined >= limits.maxRecords() ? Stop.RECORDS : bytes >= limits.maxBytes() ? Stop.BYTES
                        : nanoClock.getAsLong() - startNanos >= limits.maxTime().toNanos() ? Stop.TIME : null;
                if (limit != null) {
                    return outcome(matches, next, from, limit, examined, bytes);
                }
                int p = range.partition();
                long at = next.get(p);
                int count = (int) Math.min(Math.min(limits.readRecords(), range.end() - at), limits.maxRecords() - examined);
                List<RecordReport> records = reader.read(p, at, count);
                for (RecordReport record : records) {
                    if (record.offset() >= range.end()) {
                        break;
                    }
                    examined++;
                    bytes += size(record);
                    next.put(p, record.offset() + 1);
                    if (filter.matches(record)) {
                        matches.add(record);
                        if (matches.size() >= limits.maxMatches()) {
                            return outcome(matches, next, from, Stop.MATCHES, examined, bytes);
                        }
                    }
                }
                if (records.isEmpty() || next.get(p) >= range.end()) {
                    active.remove(p);   // at the end, or nothing readable below it (e.g. only control records left)
                }
            }
        }
        return outcome(matches, next, from, Stop.END, examined, bytes);
    }

    private static Outcome outcome(List<RecordReport> matches, Map<Integer, Long> next, SearchCursor from, Stop stop,
                                   long examined, long bytes) {
        return new Outcome(List.copyOf(matches), new SearchCursor(next, from.matches() + matches.size()), stop, examined, bytes);
    }

    /** The record's decoded size: key, value and header values (from their base64 lengths). */
    static long size(RecordReport record) {
        long size = decoded(record.key()) + decoded(record.value());
        if (record.headers() != null) {
            for (var header : record.headers()) {
                size += header.key().length() + decoded(header.value());
            }
        }
        return size;
    }

    private static long decoded(String base64) {
        return base64 == null ? 0 : base64.length() / 4L * 3;
    }
}
