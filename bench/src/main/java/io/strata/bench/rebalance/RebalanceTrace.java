package io.strata.bench.rebalance;

import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code --trace}: where a round's time goes. Turns on the client's DEBUG lines for following a
 * group (each heartbeat with what it reported and was answered, and its round trip; each
 * revocation with its commit, each assignment with its committed-offsets fetch) and prints them
 * to standard error stamped with the milliseconds since the round's action ({@link #mark}).
 *
 * <p>Thread-safe: the clock's origin is volatile; lines come from every member's threads.
 */
final class RebalanceTrace {

    private static final List<String> LOGGERS = List.of("io.strata.client.group.GroupMembership",
            "io.strata.client.consumer.GroupSession");

    /** Held so that the levels set on them stay (java.util.logging keeps loggers weakly). */
    private final List<Logger> loggers;
    private volatile long originNanos = System.nanoTime();

    private RebalanceTrace(List<Logger> loggers) {
        this.loggers = loggers;
    }

    /** Starts printing the client's group lines. */
    static RebalanceTrace start() {
        RebalanceTrace trace = new RebalanceTrace(LOGGERS.stream().map(Logger::getLogger).toList());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                System.err.printf(Locale.ROOT, "  %+8.1f ms [%s] %s%n", (System.nanoTime() - trace.originNanos) / 1e6,
                        Thread.currentThread().getName(), record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        for (Logger logger : trace.loggers) {
            logger.setLevel(Level.FINE);
            logger.addHandler(handler);
        }
        return trace;
    }

    /** The clock of the following lines starts now, at {@code what}. */
    void mark(String what) {
        originNanos = System.nanoTime();
        System.err.println("  trace: " + what + " at +0 ms (" + java.time.Instant.now() + ")");
    }
}
