package io.strata.api.health;

import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Proves that event loops run: gives each loop a task that beats its own {@link Pulse} every
 * {@code interval}, and judges the loop that has been silent longest. A loop blocked by a task
 * that does not return stops beating.
 *
 * <p>Every service's liveness check uses one (a blocked loop hangs every connection it serves).
 * Immutable after construction; {@link #verdict} may be called from any thread.
 */
public final class EventLoopProbe {

    private final List<Pulse> pulses;

    /** Starts the probe task on every loop of {@code loops}. */
    public EventLoopProbe(Iterable<EventExecutor> loops, Duration interval) {
        long everyMs = interval.toMillis();
        List<Pulse> started = new ArrayList<>();
        for (EventExecutor loop : loops) {
            Pulse pulse = new Pulse();
            started.add(pulse);
            loop.scheduleAtFixedRate(pulse::beat, everyMs, everyMs, TimeUnit.MILLISECONDS);
        }
        pulses = List.copyOf(started);
    }

    public int loops() {
        return pulses.size();
    }

    /** Down, naming the loop, when any loop has not run its probe for longer than {@code stallAfter}. */
    public Verdict verdict(long nowNanos, Duration stallAfter) {
        for (int i = 0; i < pulses.size(); i++) {
            Verdict verdict = Verdict.recent("event loop " + i + " last ran its probe", pulses.get(i).lastNanos(),
                    nowNanos, stallAfter);
            if (!verdict.up()) {
                return verdict;
            }
        }
        return new Verdict(true, pulses.size() + " event loops running (limit " + stallAfter.toMillis() + " ms)");
    }
}
