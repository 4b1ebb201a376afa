package io.strata.adminui.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, 5, Duration.ofMinutes(15));

    @Test
    void aUserIsRefusedFromOneAddressAfterTheLimitUntilTheWindowPasses() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.refusal("alice", "10.0.0.1")).isEmpty();
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.refusal("alice", "10.0.0.1")).hasValueSatisfying(r -> assertThat(r).contains("try again in 900 s"));
        assertThat(throttle.refusal("alice", "10.0.0.2")).as("another address is not locked out").isEmpty();
        assertThat(throttle.refusal("bob", "10.0.0.1")).as("another user from the same address").isEmpty();
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.refusal("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void manyUserNamesFromOneAddressAreRefusedToo() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertThat(throttle.refusal("someone-else", "10.0.0.9")).isPresent();
        assertThat(throttle.refusal("someone-else", "10.0.0.8")).isEmpty();
    }

    @Test
    void aGoodSignInClearsTheUsersCount() {
        throttle.failed("alice", "a");
        throttle.failed("alice", "a");
        throttle.succeeded("alice", "a");
        throttle.failed("alice", "a");
        throttle.failed("alice", "a");
        assertThat(throttle.refusal("alice", "a")).isEmpty();
    }
}
