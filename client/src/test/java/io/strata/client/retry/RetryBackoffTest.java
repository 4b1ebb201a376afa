package io.strata.client.retry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTest {

    private final RetryBackoff backoff = new RetryBackoff(100, 1000);

    @Test
    void doublesFromTheFirstWaitUpToTheMaximum() {
        // random 0.5 is the middle of the jitter range: no jitter.
        assertThat(backoff.backoffMs(1, 0.5)).isEqualTo(100);
        assertThat(backoff.backoffMs(2, 0.5)).isEqualTo(200);
        assertThat(backoff.backoffMs(3, 0.5)).isEqualTo(400);
        assertThat(backoff.backoffMs(4, 0.5)).isEqualTo(800);
        assertThat(backoff.backoffMs(5, 0.5)).isEqualTo(1000);
        assertThat(backoff.backoffMs(1000, 0.5)).isEqualTo(1000);
    }

    @Test
    void jitterStaysWithinTwentyPercentAndUnderTheMaximum() {
        assertThat(backoff.backoffMs(1, 0.0)).isEqualTo(80);
        assertThat(backoff.backoffMs(1, 0.999999)).isEqualTo(120);
        assertThat(backoff.backoffMs(3, 0.0)).isEqualTo(320);
        assertThat(backoff.backoffMs(10, 0.999999)).isEqualTo(1000);
        assertThat(backoff.backoffMs(10, 0.0)).isEqualTo(800);
        for (int retry = 1; retry < 50; retry++) {
            assertThat(backoff.backoffMs(retry)).isBetween(80L, 1000L);
        }
    }

    @Test
    void aMaximumBelowTheFirstWaitIsRaisedToIt() {
        RetryBackoff flat = new RetryBackoff(500, 100);
        assertThat(flat.backoffMs(1, 0.5)).isEqualTo(500);
        assertThat(flat.backoffMs(5, 0.5)).isEqualTo(500);
    }
}
