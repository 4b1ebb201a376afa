package io.strata.coordinator.group;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.strata.coordinator.group.Groups.beat;
import static io.strata.coordinator.group.Groups.join;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long-poll heartbeats: held only when the member has nothing to do, let go when it may have news
 * (a rebalance, or a release it waits for), never for changes that cannot concern it. Each case
 * would fail without the hold (an answer held with news pending is a rebalance delayed by a whole
 * wait) or with a wake-up on every change (a settled member woken for nothing).
 */
class HeldHeartbeatsTest {

    private final AtomicInteger ids = new AtomicInteger();
    private long nowMs = 1_000;
    private final GroupCoordinator coordinator = new GroupCoordinator(Groups.SETTINGS, () -> Instant.ofEpochMilli(nowMs),
            () -> "m" + ids.incrementAndGet(), () -> Groups.catalog(1, "t", 4));

    /** Counts how often a held heartbeat was let go. */
    private static final class Wake implements Runnable {
        int runs;

        @Override
        public void run() {
            runs++;
        }
    }

    @Test
    void anAnswerWithSomethingToDoIsNotHeld() {
        HeartbeatResult first = coordinator.heartbeat("g", join("t"));
        Wake wake = new Wake();
        // It owns nothing yet: its answer hands it four partitions.
        GroupCoordinator.HeldAnswer answer = coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(),
                java.util.Set.of()), wake);
        assertThat(answer.held()).isFalse();
        assertThat(answer.result().assignment()).hasSize(4);
    }

    @Test
    void aSettledMemberIsHeldUntilAnotherMemberJoinsAndThenAnsweredWithTheRevocation() {
        HeartbeatResult first = coordinator.heartbeat("g", join("t"));
        Wake wake = new Wake();
        GroupCoordinator.HeldAnswer held = coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(),
                first.assignment()), wake);
        assertThat(held.held()).isTrue();
        assertThat(wake.runs).isZero();

        coordinator.heartbeat("g", join("t"));

        assertThat(wake.runs).isEqualTo(1);
        HeartbeatResult next = coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(), first.assignment()));
        assertThat(next.memberEpoch()).isGreaterThan(first.memberEpoch());
        assertThat(next.assignment()).hasSize(2);
    }

    @Test
    void aMemberWaitingForPartitionsIsLetGoWhenTheyAreReleasedASettledOneIsNot() {
        HeartbeatResult first = coordinator.heartbeat("g", join("t"));
        HeartbeatResult second = coordinator.heartbeat("g", join("t"));
        // The second waits for the two partitions the first must give up: held.
        Wake waiting = new Wake();
        GroupCoordinator.HeldAnswer held = coordinator.heartbeat("g", beat(second.memberId(), second.memberEpoch(),
                second.assignment()), waiting);
        assertThat(held.held()).isTrue();
        assertThat(coordinator.snapshot("g").orElseThrow().members()).filteredOn(m -> m.memberId().equals(second.memberId()))
                .singleElement().extracting(Member::state).isEqualTo(MemberState.UNRELEASED_PARTITIONS);

        // The first learns of the rebalance: it keeps two, revokes two (nothing released yet).
        HeartbeatResult told = coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(), first.assignment()));
        assertThat(told.assignment()).hasSize(2);
        assertThat(waiting.runs).isZero();

        // It settles on its two and is held; then it releases nothing more: no one is woken by its own beat.
        Wake settled = new Wake();
        GroupCoordinator.HeldAnswer firstHeld = coordinator.heartbeat("g", beat(first.memberId(), told.memberEpoch(),
                told.assignment()), settled);
        assertThat(firstHeld.held()).isTrue();
        assertThat(waiting.runs).as("the release of two partitions lets the waiting member go").isEqualTo(1);
        assertThat(settled.runs).as("a settled member gains nothing from a release").isZero();

        HeartbeatResult granted = coordinator.heartbeat("g", beat(second.memberId(), second.memberEpoch(), second.assignment()));
        assertThat(granted.assignment()).hasSize(2);
        assertThat(settled.runs).isZero();
    }

    @Test
    void aForgottenHoldIsNeverRunAndANewHeartbeatLetsTheOldHoldGo() {
        HeartbeatResult first = coordinator.heartbeat("g", join("t"));
        Wake cancelled = new Wake();
        coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(), first.assignment()), cancelled);
        coordinator.forgetHeld("g", first.memberId(), cancelled);
        coordinator.heartbeat("g", join("t"));
        assertThat(cancelled.runs).isZero();

        HeartbeatResult now = coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(), first.assignment()));
        Wake older = new Wake();
        Wake newer = new Wake();
        coordinator.heartbeat("g", beat(first.memberId(), now.memberEpoch(), now.assignment()), older);
        coordinator.heartbeat("g", beat(first.memberId(), now.memberEpoch(), now.assignment()), newer);
        assertThat(older.runs).isEqualTo(1);
        assertThat(newer.runs).isZero();
    }

    @Test
    void aMemberRemovedWhileHeldIsLetGo() {
        HeartbeatResult first = coordinator.heartbeat("g", join("t"));
        Wake wake = new Wake();
        coordinator.heartbeat("g", beat(first.memberId(), first.memberEpoch(), first.assignment()), wake);
        nowMs += Groups.SETTINGS.sessionTimeoutMs() + 1;
        assertThat(coordinator.expireSessions()).isEqualTo(1);
        assertThat(wake.runs).isEqualTo(1);
    }
}
