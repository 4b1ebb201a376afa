package io.strata.api.health;

import java.time.Duration;

/**
 * What one health rule concluded: up or down, and in words why (the text a health check shows as
 * its {@code reason}, naming the measured value and the limit it was held against). Shared by the
 * services' health checks; pure, no framework imports.
 *
 * @param up     whether the condition is healthy
 * @param reason the measurement and limit behind the verdict, for people
 */
public record Verdict(boolean up, String reason) {

    public static Verdict up(String reason) {
        return new Verdict(true, reason);
    }

    public static Verdict down(String reason) {
        return new Verdict(false, reason);
    }

    /**
     * Whether something that should happen regularly (a heartbeat answered, an event loop task run,
     * a controller tick) happened recently enough: down once it has been silent for longer than
     * {@code limit}.
     *
     * @param what       names the thing, e.g. "the metadata service answered"
     * @param lastNanos  when it last happened ({@link System#nanoTime()})
     * @param nowNanos   now, on the same clock
     */
    public static Verdict recent(String what, long lastNanos, long nowNanos, Duration limit) {
        long silentMs = Math.max(0, (nowNanos - lastNanos) / 1_000_000);
        String reason = what + " " + silentMs + " ms ago (limit " + limit.toMillis() + " ms)";
        return silentMs > limit.toMillis() ? down(reason) : up(reason);
    }
}
