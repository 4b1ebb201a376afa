package io.strata.api.health;

/**
 * The time something last happened that should happen regularly (a task on an event loop, a
 * controller tick): its owner calls {@link #beat()}, a liveness check reads {@link #lastNanos()}
 * and judges it with {@link Verdict#recent}. Starts as if it had just beaten, so a service
 * is given one full limit to start beating.
 *
 * <p>Thread-safe: one volatile field, written by the beating thread, read by any.
 */
public final class Pulse {

    private volatile long lastNanos = System.nanoTime();

    public void beat() {
        lastNanos = System.nanoTime();
    }

    /** When {@link #beat()} was last called ({@link System#nanoTime()}). */
    public long lastNanos() {
        return lastNanos;
    }
}
