package io.strata.adminui.group;

import java.util.Locale;

/**
 * An estimate of how long a group needs to consume its lag, from two observations of its totals
 * (committed offsets and log end offsets summed over its partitions): consume rate =
 * Δcommitted / Δt, produce rate = Δlog end / Δt, time = lag / (consume − produce). Shown as "—"
 * when no rate is known (a single observation, or one too recent), "caught up" without lag, and
 * "not catching up" when the group consumes no faster than producers write. Pure, immutable.
 *
 * @param text            what the page shows
 * @param consumePerSecond records committed per second, or NaN when unknown
 * @param producePerSecond records produced per second to its partitions, or NaN when unknown
 * @param spanMs           the time between the two observations, 0 when unknown
 */
public record CatchUp(String text, double consumePerSecond, double producePerSecond, long spanMs) {

    /** What the page shows when the rate is unknown. */
    public static final String UNKNOWN = "—";

    /** A group's totals at one moment. */
    public record Sample(long atMs, long committed, long logEnd) {
    }

    public static CatchUp estimate(Sample older, Sample newer, long lag) {
        if (lag == 0) {
            return new CatchUp("caught up", Double.NaN, Double.NaN, 0);
        }
        long spanMs = older == null ? 0 : newer.atMs() - older.atMs();
        if (older == null || spanMs <= 0 || newer.committed() < older.committed() || newer.logEnd() < older.logEnd() || lag < 0) {
            return new CatchUp(UNKNOWN, Double.NaN, Double.NaN, 0);
        }
        double consume = (newer.committed() - older.committed()) * 1000.0 / spanMs;
        double produce = (newer.logEnd() - older.logEnd()) * 1000.0 / spanMs;
        if (consume <= produce) {
            return new CatchUp("not catching up", consume, produce, spanMs);
        }
        long ms = (long) Math.ceil(lag / (consume - produce) * 1000);
        return new CatchUp("≈ " + OffsetRow.readable(ms), consume, produce, spanMs);
    }

    /** Whether the rates are known. */
    public boolean known() {
        return !Double.isNaN(consumePerSecond);
    }

    /** "consuming 120.0/s, producing 20.0/s over the last 45 s", or empty when unknown. */
    public String basis() {
        return known() ? String.format(Locale.ENGLISH, "consuming %.1f/s, producing %.1f/s over the last %s", consumePerSecond,
                producePerSecond, OffsetRow.readable(spanMs)) : "";
    }
}
