package io.strata.bench.report;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints, about every second on standard error, how many records a running benchmark has done and
 * its rate over the last interval, so that a stall shows while it happens; standard output stays
 * for the one JSON line.
 */
public final class ProgressMeter implements AutoCloseable {

    private static final double MB = 1024.0 * 1024.0;

    private final String label;
    private final LongSupplier done;
    private final int recordSize;
    private final ScheduledExecutorService timer;
    private long lastDone;
    private long lastNanos;

    private ProgressMeter(String label, LongSupplier done, int recordSize) {
        this.label = label;
        this.done = done;
        this.recordSize = recordSize;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts printing every {@code intervalMs}: {@code done} counts the records finished so far. */
    public static ProgressMeter start(String label, LongSupplier done, int recordSize, long intervalMs) {
        ProgressMeter meter = new ProgressMeter(label, done, recordSize);
        meter.lastNanos = System.nanoTime();
        meter.timer.scheduleAtFixedRate(meter::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return meter;
    }

    public static ProgressMeter everySecond(String label, LongSupplier done, int recordSize) {
        return start(label, done, recordSize, 1000);
    }

    private void tick() {
        long now = System.nanoTime();
        long total = done.getAsLong();
        System.err.println(line(label, total, total - lastDone, now - lastNanos, recordSize));
        lastDone = total;
        lastNanos = now;
    }

    /** One progress line: records so far, and records/s and MB/s over the last interval. */
    static String line(String label, long total, long delta, long intervalNanos, int recordSize) {
        double seconds = Math.max(intervalNanos, 1) / 1e9;
        double recordsS = delta / seconds;
        return String.format(Locale.ROOT, "%s: %,d records, %,.0f records/s (%.2f MB/s)",
                label, total, recordsS, recordsS * recordSize / MB);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
