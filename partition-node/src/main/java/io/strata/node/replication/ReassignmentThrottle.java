package io.strata.node.replication;

import io.strata.node.replica.TopicPartition;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The byte rate at which this node's replicas being added by a reassignment catch up (Kafka's
 * {@code follower.replication.throttled.rate}; which value is in force is {@link ThrottleConfigs}'
 * choice, handed in by {@link #rate}, which takes effect at the next fetch). It applies only to the partitions
 * {@link #throttle} names — those this node is being added to and is not yet in the ISR of — never
 * to an in-sync follower, so {@code acks=all} latency does not change while a move runs.
 *
 * <p>A token bucket over all of this node's fetchers: a throttled partition may be fetched while
 * the balance is positive; what it brings is then taken off, so one fetch may overdraw by at most
 * the fetch size and the next waits until the debt is paid ({@link #nanosUntilAllowed}). The
 * balance never holds more than one second of rate, so an idle spell does not buy a burst. Over
 * any span longer than a few fetches the bytes fetched stay within rate × span + one second of
 * rate + one fetch per fetcher.
 *
 * <p>Thread-safe: the fetchers (one thread per leader) share it; every method holds the monitor.
 * The set of throttled partitions is replaced whole by the membership thread.
 */
public final class ReassignmentThrottle {

    /** No limit (the default): nothing is ever throttled. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private long bytesPerSecond;
    private final LongSupplier nanoClock;
    private volatile Set<TopicPartition> throttled = Set.of();
    private double balance;
    private long lastNanos;

    public ReassignmentThrottle(long bytesPerSecond, LongSupplier nanoClock) {
        requireRate(bytesPerSecond);
        this.bytesPerSecond = bytesPerSecond;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
    }

    private static void requireRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("throttle rate " + bytesPerSecond + " bytes/s is negative (0 stops catch-up; "
                    + UNLIMITED + " for no limit)");
        }
    }

    public static ReassignmentThrottle unlimited() {
        return new ReassignmentThrottle(UNLIMITED, System::nanoTime);
    }

    public synchronized long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * The rate from now on. What was earned at the old rate until now is kept (capped at one second
     * of the new rate), and a debt stays to be paid at the new rate, so a change neither grants a
     * burst nor forgives bytes already fetched.
     */
    public synchronized void rate(long bytesPerSecond) {
        requireRate(bytesPerSecond);
        refill();
        this.bytesPerSecond = bytesPerSecond;
        balance = Math.min(bytesPerSecond, balance);
    }

    /** The partitions throttled from now on: this node is being added to them and is not in their ISR yet. */
    public void throttle(Set<TopicPartition> partitions) {
        throttled = Set.copyOf(partitions);
    }

    /** Whether {@code partition}'s catch-up is limited. */
    public synchronized boolean limits(TopicPartition partition) {
        return bytesPerSecond != UNLIMITED && throttled.contains(partition);
    }

    /**
     * How long until a throttled partition may be fetched again; 0 when it may now. At rate 0 it
     * is never allowed: one second, after which the fetcher asks again (and sees a raised rate).
     */
    public synchronized long nanosUntilAllowed() {
        refill();
        if (balance > 0) {
            return 0;
        }
        if (bytesPerSecond == 0) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return (long) Math.ceil(-balance * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond) + 1;
    }

    /** Takes {@code bytes} fetched for throttled partitions off the balance. */
    public synchronized void fetched(long bytes) {
        refill();
        balance -= bytes;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        double earned = (double) (now - lastNanos) * bytesPerSecond / TimeUnit.SECONDS.toNanos(1);
        lastNanos = now;
        balance = Math.min(bytesPerSecond, balance + earned);
    }
}
