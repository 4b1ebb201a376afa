package io.strata.node.compaction;

import io.strata.node.log.CompactionConfig;
import io.strata.node.log.LogCleaning;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The node's log cleaner: one thread of its own (not an append, fetch, heartbeat or maintenance
 * thread) that, round after round, rolls compacted logs whose active segment is older than
 * {@code segment.ms} (so it becomes cleanable), weighs every compacted log
 * ({@link CleaningCandidate}), cleans the one with the highest dirty ratio among those due (a log
 * past {@code max.compaction.lag.ms} first), and sleeps for the backoff when none is due.
 *
 * <p>A failing cleaning is logged and the log skipped for that round; it never stops the thread.
 * Counters are updated after each cleaning and read by the metrics from any thread.
 */
public final class CleanerThread implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CleanerThread.class.getName());

    /** A log the cleaner may take, as it stands now. */
    public record CompactedLog(String name, LogCleaning cleaning, long highWatermark, CompactionConfig config,
                               Runnable maybeRollForTime) {
    }

    private final CleanerSettings settings;
    private final Supplier<List<CompactedLog>> logs;
    private final Clock clock;
    private final LogCleaner cleaner;
    private final Thread thread;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong cleanings = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile double lastMegabytesPerSecond;
    private volatile boolean stopped;
    private final Object wakeUp = new Object();

    public CleanerThread(CleanerSettings settings, Supplier<List<CompactedLog>> logs, Clock clock) {
        this.settings = settings;
        this.logs = logs;
        this.clock = clock;
        this.cleaner = new LogCleaner(settings, clock, () -> stopped);
        this.thread = new Thread(this::run, "strata-log-cleaner");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                if (!cleanOnce()) {
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "log cleaner round failed", e);
                pause();
            }
        }
    }

    /** Waits for the backoff, or until closed; an interrupt stops the thread. */
    private void pause() {
        synchronized (wakeUp) {
            try {
                if (!stopped) {
                    wakeUp.wait(settings.backoff().toMillis());
                }
            } catch (InterruptedException e) {
                stopped = true;
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One round: picks the log most in need and cleans it.
     *
     * @return whether a log was cleaned
     */
    public boolean cleanOnce() throws InterruptedException {
        CompactedLog chosen = null;
        CleaningCandidate best = null;
        for (CompactedLog log : logs.get()) {
            CleaningCandidate candidate = weigh(log);
            if (candidate != null && candidate.due(log.config()) && (best == null || ranksBefore(candidate, best))) {
                best = candidate;
                chosen = log;
            }
        }
        if (chosen == null) {
            return false;
        }
        try {
            LogCleaner.Result result = cleaner.clean(chosen.cleaning(), best, chosen.config());
            record(chosen, best, result);
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            if (!stopped) {
                LOG.log(System.Logger.Level.WARNING, "cleaning " + chosen.name() + " failed; it is retried in a later round", e);
            }
        }
        return true;
    }

    /** Rolls the log if its active segment is old enough and weighs it; null when it cannot be (closed meanwhile). */
    private CleaningCandidate weigh(CompactedLog log) {
        try {
            log.maybeRollForTime().run();
            return CleaningCandidate.of(log.name(), log.cleaning().cleanableSegments(log.highWatermark()),
                    log.cleaning().firstDirtyOffset(), log.cleaning().nextDeleteHorizonMs(), log.config(), clock.millis());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "skipping " + log.name() + " this round: " + e.getMessage());
            return null;
        }
    }

    private static boolean ranksBefore(CleaningCandidate candidate, CleaningCandidate best) {
        if (candidate.forced() != best.forced()) {
            return candidate.forced();
        }
        return candidate.dirtyRatio() > best.dirtyRatio();
    }

    private void record(CompactedLog log, CleaningCandidate candidate, LogCleaner.Result result) {
        bytesRead.addAndGet(result.bytesRead());
        bytesWritten.addAndGet(result.bytesWritten());
        cleanings.incrementAndGet();
        double seconds = Math.max(result.nanos(), 1) / 1e9;
        lastMegabytesPerSecond = result.bytesRead() / 1e6 / seconds;
        LOG.log(System.Logger.Level.INFO, String.format("cleaned %s up to offset %d (dirty ratio %.2f%s): read %d bytes, wrote %d,"
                        + " kept %d of %d records, replaced %d segments in %.1f ms (%.1f MB/s read)", log.name(),
                result.endOffset(), candidate.dirtyRatio(), candidate.forced() ? ", max.compaction.lag.ms passed" : "",
                result.bytesRead(), result.bytesWritten(), result.recordsKept(), result.recordsRead(),
                result.segmentsReplaced(), result.nanos() / 1e6, lastMegabytesPerSecond));
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long cleanings() {
        return cleanings.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The read throughput of the last cleaning, in MB/s. */
    public double lastMegabytesPerSecond() {
        return lastMegabytesPerSecond;
    }

    /**
     * Stops the thread after the chunk it is on. Never interrupts it: an interrupt during file I/O
     * would close a channel the node's other threads share.
     */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (thread.isAlive()) {
            thread.join(30_000);
        }
    }
}
