package io.strata.adminui.message;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The live tail's control bar as the page shows it: live or paused, the honest counts, the limits,
 * and the links of the next poll, of pause and of resume, each carrying the whole tail state
 * ({@link TailCursor} and the filter) so that the console remembers nothing between polls.
 * Immutable.
 */
public record TailControl(String topicHref, String filter, TailCursor cursor, boolean paused, long intervalMs, int cap,
                          int budget) {

    /** The next poll: new records since the cursor. */
    public String pollHref() {
        return href(false);
    }

    /** Stops polling; nothing is read until resumed (records that arrive meanwhile are read then, up to the budget). */
    public String pauseHref() {
        return href(true);
    }

    public String resumeHref() {
        return href(false);
    }

    private String href(boolean pause) {
        return topicHref + "/tail/poll?cursor=" + cursor.text() + "&read=" + cursor.read() + "&shown=" + cursor.shown()
                + "&skipped=" + cursor.skipped() + (filter.isEmpty() ? "" : "&q=" + URLEncoder.encode(filter, StandardCharsets.UTF_8))
                + (pause ? "&paused=true" : "");
    }
}
