package io.strata.deploy.cli.format;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of long work on stderr (never stdout, which carries the results): a line such as
 * {@code produced 120000 records (40000/s)} at most every {@link #INTERVAL_NANOS}, so short work
 * prints nothing and long work is never silent. Confined to the thread doing the work.
 */
public final class Progress {

    /** The least time between two progress lines: two seconds. */
    public static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private final String verb;
    private final LongSupplier clock;
    private final long startNanos;
    private long lastNanos;

    public Progress(PrintStream err, String verb) {
        this(err, verb, System::nanoTime);
    }

    Progress(PrintStream err, String verb, LongSupplier clock) {
        this.err = err;
        this.verb = verb;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastNanos = startNanos;
    }

    /** Reports {@code count} records done if the interval has passed since the last line. */
    public void maybeReport(long count) {
        long now = clock.getAsLong();
        if (now - lastNanos >= INTERVAL_NANOS) {
            lastNanos = now;
            err.println(verb + " " + count + " records (" + perSecond(count, now) + "/s)");
        }
    }

    /** Seconds since this progress started. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    private long perSecond(long count, long now) {
        long nanos = Math.max(1, now - startNanos);
        return count * 1_000_000_000L / nanos;
    }
}
