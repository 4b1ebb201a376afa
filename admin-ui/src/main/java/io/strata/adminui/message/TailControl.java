package io.strata.adminui.message;

import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.topic.TopicPage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The live tail's control bar as the page shows it: the honest counts, the limits, and the URL of
 * the event stream that goes on from here, carrying the whole tail state ({@link TailCursor} and
 * the filter) so that a reopened stream (after a pause or a dropped connection) resumes exactly
 * where this one stood. Immutable.
 */
public record TailControl(String topicHref, String filter, TailCursor cursor, long intervalMs, int cap, int budget) {

    public static TailControl of(String topic, String filter, TailCursor cursor, AdminUiConfig config) {
        return new TailControl(TopicPage.href(topic), filter, cursor, config.tailPollInterval().toMillis(), config.tailMaxRows(),
                config.tailMaxRecordsPerPoll());
    }

    /** The event stream from this cursor on ({@link TailEvents}). */
    public String eventsHref() {
        return topicHref + "/tail/events?cursor=" + cursor.text() + "&read=" + cursor.read() + "&shown=" + cursor.shown()
                + "&skipped=" + cursor.skipped() + (filter.isEmpty() ? "" : "&q=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    }
}
