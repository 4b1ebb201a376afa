package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GroupCoordinatorTest {

    private final AtomicInteger ids = new AtomicInteger();
    private long nowMs = 1_000;
    private final GroupCoordinator coordinator = new GroupCoordinator(Groups.SETTINGS, () -> Instant.ofEpochMilli(nowMs),
            () -> "m" + ids.incrementAndGet(), () -> Groups.catalog(1, "t", 4));

    private static ErrorCode refusal(Runnable call) {
        return catchThrowableOfType(StrataException.class, call::run).code();
    }

    @Test
    void onlyAJoinCreatesAGroup() {
        assertThat(refusal(() -> coordinator.heartbeat("g", Groups.beat("m1", 1, Set.of())))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.snapshot("g")).isEmpty();
        assertThat(refusal(() -> coordinator.heartbeat("", Groups.join("t")))).isEqualTo(ErrorCode.INVALID_GROUP_ID);
        HeartbeatResult joined = coordinator.heartbeat("g", Groups.join("t"));
        assertThat(joined.assignment()).hasSize(4);
        assertThat(coordinator.snapshot("g")).isPresent();
    }

    @Test
    void aGroupWithMembersIsNotForgottenAnEmptyOneIs() {
        HeartbeatResult joined = coordinator.heartbeat("g", Groups.join("t"));
        assertThat(refusal(() -> coordinator.forget("g"))).isEqualTo(ErrorCode.GROUP_NOT_EMPTY);
        assertThat(refusal(() -> coordinator.checkEmpty("g", "resetting"))).isEqualTo(ErrorCode.GROUP_NOT_EMPTY);
        assertThat(coordinator.remove("g", joined.memberId())).isTrue();
        coordinator.checkEmpty("g", "resetting");
        assertThat(coordinator.forget("g")).isTrue();
        assertThat(coordinator.forget("g")).isFalse();
    }

    @Test
    void subscribersAreEveryMembersSubscribedTopicsAmongThoseAskedAbout() {
        assertThat(coordinator.subscribers("g", List.of("t"))).isEqualTo(new GroupCoordinator.Subscribers(false, new TreeSet<>()));
        HeartbeatResult first = coordinator.heartbeat("g", Groups.join("t"));
        coordinator.heartbeat("g", new MemberHeartbeat("", MemberHeartbeat.JOIN_EPOCH, Optional.empty(), 0,
                Optional.of(Subscription.of(List.of(), "audit-.*")), new TreeSet<>()));

        GroupCoordinator.Subscribers subscribers = coordinator.subscribers("g", List.of("t", "audit-eu", "audit", "other"));
        assertThat(subscribers.hasMembers()).isTrue();
        assertThat(subscribers.topics()).containsExactly("audit-eu", "t");
        assertThat(coordinator.remove("g", first.memberId())).isTrue();
        assertThat(coordinator.subscribers("g", List.of("t", "audit-eu")).topics()).containsExactly("audit-eu");
    }

    @Test
    void commitsToGroupsWithoutStateNeedNoMember() {
        coordinator.checkCommit("fresh", "", -1, List.of());
        assertThat(refusal(() -> coordinator.checkCommit("fresh", "ghost", 3, List.of()))).isEqualTo(ErrorCode.UNKNOWN_MEMBER_ID);
    }

    @Test
    void sessionsExpireAcrossGroupsByTheClock() {
        coordinator.heartbeat("g1", Groups.join("t"));
        coordinator.heartbeat("g2", Groups.join("t"));
        assertThat(coordinator.expireSessions()).isZero();
        nowMs += Groups.SETTINGS.sessionTimeoutMs();
        assertThat(coordinator.expireSessions()).isEqualTo(2);
        assertThat(coordinator.history("g1", 0).orElseThrow().events()).hasSize(2 * 4);
    }
}
