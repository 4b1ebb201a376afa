package io.strata.adminui.search;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * A search step's progress as the page words it: "scanned 120,000 of 2,400,000, 3 matches", where
 * scanned counts the offsets behind the cursor and the total the offsets between log start and
 * high watermark of the partitions searched (both across every step so far), and why this step
 * stopped, naming the setting of the limit it reached. Pure, immutable.
 */
public record SearchProgress(long scanned, long total, long matches, long examinedNow, MessageSearch.Stop stop) {

    public static SearchProgress of(List<MessageSearch.Range> ranges, MessageSearch.Outcome outcome) {
        long scanned = 0;
        long total = 0;
        for (MessageSearch.Range range : ranges) {
            total += range.end() - range.logStart();
            scanned += Math.min(range.end(), outcome.next().nextOf(range.partition(), range.logStart())) - range.logStart();
        }
        return new SearchProgress(scanned, total, outcome.next().matches(), outcome.examined(), outcome.stop());
    }

    /** "scanned 120,000 of 2,400,000, 3 matches". */
    public String text() {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        return "scanned " + n.format(scanned) + " of " + n.format(total) + ", " + n.format(matches) + (matches == 1 ? " match" : " matches");
    }

    /** Whether a next step has anything left to examine. */
    public boolean done() {
        return stop == MessageSearch.Stop.END;
    }

    /** Why this step stopped. */
    public String reason() {
        return switch (stop) {
            case END -> "Searched to the end (the high watermarks when this search step began).";
            case RECORDS -> "Stopped after examining " + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(examinedNow)
                    + " records, the most one step examines (strata.admin-ui.search-max-records).";
            case BYTES -> "Stopped at the most bytes one step examines (strata.admin-ui.search-max-bytes).";
            case TIME -> "Stopped at the time one step may take (strata.admin-ui.search-max-time).";
            case MATCHES -> "Stopped at the most matches one step shows (strata.admin-ui.search-max-matches).";
        };
    }
}
