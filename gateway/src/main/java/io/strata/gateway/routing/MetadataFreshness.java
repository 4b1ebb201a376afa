package io.strata.gateway.routing;

import java.time.Duration;

/**
 * Whether the gateway's metadata is current, judged from probes of the metadata service's
 * version: the cache is confirmed current at a probe's time once it has reached the version that
 * probe saw. Stale when the cache holds no snapshot, or when no probe has been confirmed for
 * longer than the limit (the service does not answer, or the watch stream stopped delivering).
 *
 * <p>A probe that finds the cache one change behind (a change committed while its event is on the
 * wire) is not a failure: it stays pending and is confirmed when the cache gets there, so a busy
 * cluster is not called stale.
 *
 * <p>Pure (times are {@link System#nanoTime()} readings passed in). Thread-safe: every method
 * is synchronized (the probe thread writes, health checks read).
 */
public final class MetadataFreshness {

    /** The verdict: whether the metadata is current, and the figures behind it. */
    public record Judgement(boolean current, String reason) {
    }

    private long confirmedNanos;
    /** The oldest probe whose version the cache had not reached; -1: none. */
    private long pendingVersion = -1;
    private long pendingNanos;
    /** The newest probe; -1: none yet. */
    private long latestVersion = -1;
    private long latestNanos;

    /** Starts as confirmed at {@code startNanos}: a gateway gets one full limit to reach the service. */
    public MetadataFreshness(long startNanos) {
        this.confirmedNanos = startNanos;
    }

    /** The service answered at {@code nowNanos} with {@code serviceVersion}; the cache holds {@code cacheVersion}. */
    public synchronized void probed(long serviceVersion, long cacheVersion, long nowNanos) {
        latestVersion = serviceVersion;
        latestNanos = nowNanos;
        if (pendingVersion < 0) {
            pendingVersion = serviceVersion;
            pendingNanos = nowNanos;
        }
        confirm(cacheVersion);
    }

    /** Current or stale, and why, for a cache at {@code cacheVersion} ({@code initialized}: it holds a snapshot). */
    public synchronized Judgement judge(boolean initialized, long cacheVersion, long nowNanos, Duration staleAfter) {
        if (!initialized) {
            return new Judgement(false, "no metadata snapshot yet");
        }
        confirm(cacheVersion);
        long unconfirmedMs = Math.max(0, (nowNanos - confirmedNanos) / 1_000_000);
        String reason = "metadata version " + cacheVersion + " confirmed current " + unconfirmedMs + " ms ago (limit "
                + staleAfter.toMillis() + " ms)" + (latestVersion > cacheVersion ? "; the service is at " + latestVersion : "");
        return new Judgement(unconfirmedMs <= staleAfter.toMillis(), reason);
    }

    /** Moves the confirmation to the newest probe the cache has caught up with. */
    private void confirm(long cacheVersion) {
        if (latestVersion >= 0 && cacheVersion >= latestVersion) {
            confirmedNanos = Math.max(confirmedNanos, latestNanos);
            pendingVersion = -1;
        } else if (pendingVersion >= 0 && cacheVersion >= pendingVersion) {
            confirmedNanos = Math.max(confirmedNanos, pendingNanos);
            pendingVersion = latestVersion;
            pendingNanos = latestNanos;
        }
    }
}
