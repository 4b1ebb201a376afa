package io.strata.gateway.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CheckedPasswordsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final CheckedPasswords checked = new CheckedPasswords(Duration.ofSeconds(10), 2, nanos::get, new SecureRandom());

    @Test
    void matchesOnlyTheExactPasswordRememberedWithinTheTtl() {
        checked.remember("alice", "secret");
        assertThat(checked.matches("alice", "secret")).isTrue();
        assertThat(checked.matches("alice", "secret ")).isFalse();
        assertThat(checked.matches("bob", "secret")).isFalse();
        nanos.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThat(checked.matches("alice", "secret")).as("just inside the TTL").isTrue();
        nanos.addAndGet(1);
        assertThat(checked.matches("alice", "secret")).as("a deleted credential stops working after the TTL").isFalse();
    }

    @Test
    void aNewPasswordReplacesTheOldAndTheBoundDropsEverything() {
        checked.remember("alice", "old");
        checked.remember("alice", "new");
        assertThat(checked.matches("alice", "old")).isFalse();
        assertThat(checked.matches("alice", "new")).isTrue();
        checked.remember("bob", "b");
        checked.remember("carol", "c");
        assertThat(checked.matches("alice", "new")).as("full at two users: dropped").isFalse();
        assertThat(checked.matches("carol", "c")).isTrue();
    }
}
