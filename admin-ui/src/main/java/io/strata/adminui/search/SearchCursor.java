package io.strata.adminui.search;

import io.strata.adminui.message.OffsetsText;

import java.util.Map;

/**
 * Where a message search stands, carried in the page's URL so that "continue" scans on from there
 * and the console keeps nothing per viewer: the next offset to examine of each partition
 * ({@code 0:120000,1:98000}; a partition not named starts at its log start) and the matches found
 * so far. Immutable.
 */
public record SearchCursor(Map<Integer, Long> next, long matches) {

    public static final SearchCursor START = new SearchCursor(Map.of(), 0);

    public SearchCursor {
        next = Map.copyOf(next);
    }

    public static SearchCursor parse(String cursor, String matches) {
        return new SearchCursor(OffsetsText.parse("cursor", cursor), OffsetsText.count("matches", matches));
    }

    /** The offsets as the URL carries them. */
    public String text() {
        return OffsetsText.text(next);
    }

    /** Where to go on in {@code partition}: the cursor's offset, never below the log start (retention may have moved it). */
    public long nextOf(int partition, long logStart) {
        return Math.max(logStart, next.getOrDefault(partition, logStart));
    }
}
