package io.strata.adminui.message;

import io.strata.adminui.form.TimestampField;
import io.strata.adminui.problem.ConsoleProblem;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the messages page reads, as its URL says: one partition, from the newest records, from an
 * offset or from a timestamp, at most {@code limit} records (bounded by
 * {@code strata.admin-ui.messages-max-limit}). Parsed with every value checked. Immutable.
 */
public record BrowseRequest(int partition, String from, long offset, long timestampMs, int limit) {

    public static final List<String> STARTS = List.of("newest", "offset", "timestamp");

    public static BrowseRequest parse(String partition, String from, String offset, String timestamp, String limit,
                                      int defaultLimit, int maxLimit) {
        int p = blank(partition) ? 0 : (int) number("partition", partition, 0, Integer.MAX_VALUE);
        String start = blank(from) ? "newest" : from.strip().toLowerCase(Locale.ROOT);
        if (!STARTS.contains(start)) {
            throw ConsoleProblem.invalid("from: must be newest, offset or timestamp, got '" + from + "'");
        }
        long at = start.equals("offset") ? number("offset", require("offset", offset), 0, Long.MAX_VALUE) : 0;
        long time = start.equals("timestamp") ? TimestampField.parse("timestamp", timestamp) : 0;
        int rows = blank(limit) ? defaultLimit : (int) number("limit", limit, 1, maxLimit);
        return new BrowseRequest(p, start, at, time, rows);
    }

    private static String require(String name, String value) {
        if (blank(value)) {
            throw ConsoleProblem.invalid(name + ": give the " + name + " to read from");
        }
        return value.strip();
    }

    private static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleProblem.invalid(name + ": must be a whole number from " + min
                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max
                + (name.equals("limit") ? " (strata.admin-ui.messages-max-limit)" : "")) + ", got '" + value.strip() + "'");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The page that reads {@code limit} records of this partition from {@code start}. */
    public String hrefFrom(String topicHref, long start) {
        return topicHref + "/messages?partition=" + partition + "&from=offset&offset=" + start + "&limit=" + limit;
    }

    /** The JSON-lines download of the records this page shows from {@code start}. */
    public String downloadHref(String topicHref, long start) {
        return topicHref + "/messages/download?partition=" + partition + "&from=offset&offset=" + start + "&limit=" + limit;
    }

    /** The timestamp as the form shows it back. */
    public String timestampText() {
        return from.equals("timestamp") ? Instant.ofEpochMilli(timestampMs).toString() : "";
    }
}
