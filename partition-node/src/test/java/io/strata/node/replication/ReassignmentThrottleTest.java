package io.strata.node.replication;

import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReassignmentThrottleTest {

    private static final TopicPartition MOVING = new TopicPartition("t", 0);
    private static final TopicPartition IN_SYNC = new TopicPartition("t", 1);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** A fetcher that fetches {@code chunk} bytes whenever allowed, else sleeps as told, for {@code seconds}. */
    private long fetchAsFastAsAllowed(ReassignmentThrottle throttle, int chunk, int seconds) {
        long end = now.get() + TimeUnit.SECONDS.toNanos(seconds);
        long fetched = 0;
        while (now.get() < end) {
            long wait = throttle.nanosUntilAllowed();
            if (wait > 0) {
                now.addAndGet(wait);
                continue;
            }
            throttle.fetched(chunk);
            fetched += chunk;
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(2)); // the fetch's own time
        }
        return fetched;
    }

    @Test
    void theCatchUpRateHoldsTheSetRate() {
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000_000, now::get);
        long fetched = fetchAsFastAsAllowed(throttle, 1_048_576, 60);
        // at most one fetch over the rate: 60 s × 1 MB/s + a 1 MiB overdraw; and not starved below it
        assertThat(fetched).isBetween(59_000_000L, 60_000_000L + 1_048_576L);
    }

    @Test
    void anIdleSpellBuysAtMostOneSecondOfRate() {
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000_000, now::get);
        now.addAndGet(TimeUnit.MINUTES.toNanos(10));
        long fetched = fetchAsFastAsAllowed(throttle, 100_000, 10);
        assertThat(fetched).isBetween(10_000_000L, 11_000_000L + 100_000L);
    }

    @Test
    void onlyThePartitionsBeingAddedAreLimited() {
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000, now::get);
        throttle.throttle(Set.of(MOVING));
        assertThat(throttle.limits(MOVING)).isTrue();
        assertThat(throttle.limits(IN_SYNC)).isFalse();
        throttle.throttle(Set.of()); // MOVING joined the ISR
        assertThat(throttle.limits(MOVING)).isFalse();
    }

    @Test
    void unlimitedLimitsNothing() {
        ReassignmentThrottle throttle = ReassignmentThrottle.unlimited();
        throttle.throttle(Set.of(MOVING));
        assertThat(throttle.limits(MOVING)).isFalse();
    }

    @Test
    void aNegativeRateIsRefused() {
        assertThatThrownBy(() -> new ReassignmentThrottle(-1, now::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("throttle rate -1 bytes/s is negative");
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000, now::get);
        assertThatThrownBy(() -> throttle.rate(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(throttle.bytesPerSecond()).isEqualTo(1_000);
    }

    @Test
    void aNewRateHoldsFromTheMomentItIsSet() {
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000_000, now::get);
        long atFirst = fetchAsFastAsAllowed(throttle, 100_000, 20);
        throttle.rate(3_000_000);
        long afterRaise = fetchAsFastAsAllowed(throttle, 100_000, 20);
        throttle.rate(500_000);
        long afterCut = fetchAsFastAsAllowed(throttle, 100_000, 20);

        assertThat(atFirst).isBetween(20_000_000L, 21_000_000L + 100_000L);
        assertThat(afterRaise).isBetween(59_000_000L, 60_000_000L + 1_000_000L);
        assertThat(afterCut).isBetween(9_000_000L, 10_000_000L + 100_000L);
    }

    @Test
    void rateZeroStopsCatchUpUntilRaisedAndUnlimitedLiftsTheLimit() {
        ReassignmentThrottle throttle = new ReassignmentThrottle(1_000_000, now::get);
        throttle.throttle(Set.of(MOVING));
        throttle.rate(0);
        assertThat(fetchAsFastAsAllowed(throttle, 100_000, 10)).isLessThanOrEqualTo(100_000L);
        throttle.rate(1_000_000);
        assertThat(fetchAsFastAsAllowed(throttle, 100_000, 10)).isBetween(9_000_000L, 10_000_000L + 200_000L);
        throttle.rate(ReassignmentThrottle.UNLIMITED);
        assertThat(throttle.limits(MOVING)).isFalse();
        assertThat(throttle.nanosUntilAllowed()).isZero();
    }
}
