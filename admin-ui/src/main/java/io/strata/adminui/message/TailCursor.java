package io.strata.adminui.message;

import io.strata.adminui.problem.ConsoleProblem;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a live tail stands, carried in the poll's URL so that the console keeps no state per
 * viewer: the next offset to read of each partition ({@code 0:12,1:40}) and the honest counts
 * since the tail began — records read, records shown (those the filter kept) and records skipped
 * (jumped over because more arrived in one poll than the per-poll budget, or removed by retention
 * before they were read). A partition missing from the cursor (added since) is read from its log
 * start. Immutable.
 */
public record TailCursor(Map<Integer, Long> next, long read, long shown, long skipped) {

    public TailCursor {
        next = Map.copyOf(next);
    }

    /** Parses the URL's values; every number is checked and a bad one named. */
    public static TailCursor parse(String cursor, String read, String shown, String skipped) {
        Map<Integer, Long> next = new TreeMap<>();
        if (cursor != null && !cursor.isBlank()) {
            for (String entry : cursor.split(",")) {
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw ConsoleProblem.invalid("cursor: expected partition:offset pairs separated by commas, got '" + cursor + "'");
                }
                next.put((int) count("cursor partition", entry.substring(0, colon)), count("cursor offset", entry.substring(colon + 1)));
            }
        }
        return new TailCursor(next, count("read", read), count("shown", shown), count("skipped", skipped));
    }

    private static long count(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleProblem.invalid(name + ": must be a whole number from 0 up, got '" + value.strip() + "'");
    }

    /** The cursor as the URL carries it. */
    public String text() {
        return new TreeMap<>(next).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The next offset of {@code partition}, or {@code logStart} when the cursor does not know it yet. */
    public long nextOf(int partition, long logStart) {
        return next.getOrDefault(partition, logStart);
    }
}
