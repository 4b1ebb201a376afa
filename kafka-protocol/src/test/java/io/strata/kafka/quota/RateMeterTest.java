package io.strata.kafka.quota;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RateMeterTest {

    private static final long QUOTA = 100_000;

    @Test
    void withinTheQuotaThereIsNoThrottle() {
        RateMeter meter = new RateMeter(11, 1000);
        assertThat(meter.record(50_000, 0, QUOTA)).isZero();
        assertThat(meter.record(50_000, 500, QUOTA)).as("100 kB over one sample: exactly the quota").isZero();
        assertThat(meter.rate(1000)).isCloseTo(100_000, within(1.0));
    }

    @Test
    void theThrottleIsTheBytesOverTheAllowanceDividedByTheQuota() {
        RateMeter meter = new RateMeter(11, 1000);
        // 250 kB in the first instant: the span is one sample (1 s), so 150 kB are over; at 100 kB/s that is 1.5 s.
        assertThat(meter.record(250_000, 0, QUOTA)).isEqualTo(1500);
        // After waiting those 1.5 s (a new sample started at 1 s), 250 kB over 2.5 s is the quota: a small record is over by itself only.
        assertThat(meter.record(1_000, 2500, QUOTA)).isEqualTo(10);
        // 5 s later the rate is (251 kB) / 7.5 s, well below.
        assertThat(meter.record(1_000, 7500, QUOTA)).isZero();
    }

    @Test
    void oldSamplesLeaveTheWindowAndAnIdleMeterReadsAsNew() {
        RateMeter meter = new RateMeter(11, 1000);
        meter.record(1_000_000, 0, QUOTA);
        assertThat(meter.idle(5_000)).isFalse();
        assertThat(meter.idle(11_001)).as("the sample that started at 0 is older than 11 × 1 s").isTrue();
        assertThat(meter.record(100_000, 11_001, QUOTA)).isZero();
    }

    @Test
    void unrecordTakesBytesBack() {
        RateMeter meter = new RateMeter(11, 1000);
        assertThat(meter.record(300_000, 0, QUOTA)).isEqualTo(2000);
        meter.unrecord(300_000, 0);
        assertThat(meter.record(100_000, 0, QUOTA)).isZero();
    }

    /**
     * A producer over its quota, seeded: requests of 4–16 kB sent as soon as the previous throttle
     * is over (plus a 1–3 ms round trip). Every 15 s window after the first second carries the
     * quota within 5 %, and the whole run converges to it.
     */
    @Test
    void aSimulatedProducerOverItsQuotaConvergesToTheQuota() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            RateMeter meter = new RateMeter(11, 1000);
            List<long[]> sent = new ArrayList<>();
            long now = 0;
            while (now < 120_000) {
                long size = 4_000 + random.nextInt(12_000);
                long throttle = meter.record(size, now, QUOTA);
                sent.add(new long[] {now, size});
                now += 1 + random.nextInt(3) + throttle;
            }
            for (long from = 1_000; from + 15_000 <= 120_000; from += 500) {
                long bytes = bytesBetween(sent, from, from + 15_000);
                assertThat((double) bytes / 15).as("seed %d, window from %d ms", seed, from).isCloseTo(QUOTA, within(QUOTA * 0.05));
            }
            assertThat((double) bytesBetween(sent, 0, 120_000) / 120).as("seed %d, whole run", seed).isCloseTo(QUOTA, within(QUOTA * 0.02));
        }
    }

    /**
     * A consumer over its quota, as the fetch path treats it: a fetch answers at most a tenth of a
     * second's worth; one that would pass the quota is taken back and answered empty with the
     * throttle time. Every 15 s window after the first second carries the quota within 10 %.
     */
    @Test
    void aSimulatedConsumerOverItsQuotaConvergesToTheQuota() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            RateMeter meter = new RateMeter(11, 1000);
            List<long[]> delivered = new ArrayList<>();
            long now = 0;
            while (now < 120_000) {
                long size = QUOTA / 20 + random.nextInt((int) (QUOTA / 20));
                long throttle = meter.record(size, now, QUOTA);
                if (throttle > 0) {
                    meter.unrecord(size, now);
                } else {
                    delivered.add(new long[] {now, size});
                }
                now += 1 + random.nextInt(3) + throttle;
            }
            for (long from = 1_000; from + 15_000 <= 120_000; from += 500) {
                long bytes = bytesBetween(delivered, from, from + 15_000);
                assertThat((double) bytes / 15).as("seed %d, window from %d ms", seed, from).isCloseTo(QUOTA, within(QUOTA * 0.1));
            }
        }
    }

    private static long bytesBetween(List<long[]> records, long fromMs, long toMs) {
        return records.stream().filter(r -> r[0] >= fromMs && r[0] < toMs).mapToLong(r -> r[1]).sum();
    }
}
