package io.strata.adminui.auth;

import io.strata.adminui.problem.ConsoleProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStoreTest {

    private final MutableClock clock = new MutableClock();
    private final SessionStore store = new SessionStore(clock, Duration.ofMinutes(30), Duration.ofHours(8), 3);

    @Test
    void aSessionIsFoundByItsIdOnlyAndEndsAtSignOut() {
        SessionStore.Opened opened = store.open("alice", Role.ADMIN, "Basic secret", "10.0.0.1");
        assertThat(opened.id()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(opened.session().csrfToken()).hasSize(43).isNotEqualTo(opened.id());
        assertThat(store.find(opened.id())).hasValueSatisfying(s -> assertThat(s.user()).isEqualTo("alice"));
        assertThat(store.find(opened.id() + "x")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(opened.toString()).doesNotContain("secret").doesNotContain(opened.id());
        assertThat(opened.session().toString()).doesNotContain("secret");

        assertThat(store.end(opened.id())).isTrue();
        assertThat(store.find(opened.id())).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void idsAndTokensAreNeverRepeated() {
        SessionStore big = new SessionStore(clock, Duration.ofMinutes(30), Duration.ofHours(8), 2000);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SessionStore.Opened opened = big.open("u", Role.VIEWER, "Basic x", "a");
            assertThat(seen.add(opened.id())).isTrue();
            assertThat(seen.add(opened.session().csrfToken())).isTrue();
        }
    }

    @Test
    void aSessionEndsWhenIdleTooLongButUseKeepsItAlive() {
        String id = store.open("bob", Role.VIEWER, "Basic x", "a").id();
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(id)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(id)).as("used 29 min ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(id)).as("idle 30 min").isEmpty();
        assertThat(store.size()).as("removed with its password").isZero();
    }

    @Test
    void askingWhetherASessionIsLiveDoesNotKeepItAlive() {
        String id = store.open("carol", Role.VIEWER, "Basic x", "a").id();
        clock.advance(Duration.ofMinutes(20));
        assertThat(store.isLive(id)).isTrue();
        clock.advance(Duration.ofMinutes(20));
        assertThat(store.isLive(id)).as("idle 40 min: a stream's checks are not uses").isFalse();
        assertThat(store.isLive("nope")).isFalse();
        assertThat(store.isLive(null)).isFalse();
    }

    @Test
    void aBusySessionEndsAtItsMaximumLifetime() {
        String id = store.open("bob", Role.VIEWER, "Basic x", "a").id();
        for (int i = 0; i < 47; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(store.find(id)).as("after %d min", (i + 1) * 10).isPresent();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(store.find(id)).as("8 h after sign-in").isEmpty();
    }

    @Test
    void atMostMaxSessionsLiveAndTheSweepMakesRoom() {
        store.open("a", Role.VIEWER, "Basic x", "a");
        store.open("b", Role.VIEWER, "Basic x", "a");
        store.open("c", Role.VIEWER, "Basic x", "a");
        assertThatThrownBy(() -> store.open("d", Role.VIEWER, "Basic x", "a")).isInstanceOfSatisfying(ConsoleProblem.class, p -> {
            assertThat(p.status()).isEqualTo(503);
            assertThat(p.detail()).contains("strata.admin-ui.auth.max-sessions");
        });
        clock.advance(Duration.ofMinutes(31));
        assertThat(store.open("d", Role.VIEWER, "Basic x", "a").session().user()).isEqualTo("d");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new SessionStore(clock, Duration.ZERO, Duration.ofHours(1), 1))
                .hasMessageContaining("idle-timeout and max-lifetime must be positive");
    }
}
