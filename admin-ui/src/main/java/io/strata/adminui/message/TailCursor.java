package io.strata.adminui.message;

import java.util.Map;

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
        return new TailCursor(OffsetsText.parse("cursor", cursor), OffsetsText.count("read", read), OffsetsText.count("shown", shown),
                OffsetsText.count("skipped", skipped));
    }

    /** The cursor as the URL carries it. */
    public String text() {
        return OffsetsText.text(next);
    }

    /** The next offset of {@code partition}, or {@code logStart} when the cursor does not know it yet. */
    public long nextOf(int partition, long logStart) {
        return next.getOrDefault(partition, logStart);
    }
}
