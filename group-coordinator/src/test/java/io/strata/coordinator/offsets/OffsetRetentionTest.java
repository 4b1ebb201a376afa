package io.strata.coordinator.offsets;

import io.strata.coordinator.group.GroupPresence;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetRetentionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private final OffsetRetention week = new OffsetRetention(Duration.ofDays(7));
    private final long now = 100 * DAY;

    @Test
    void aGroupWithMembersNeverExpires() {
        assertThat(week.expired(new GroupPresence.Active(), 0, now)).isFalse();
    }

    @Test
    void aGroupWithoutStateExpiresARetentionAfterItsNewestCommit() {
        assertThat(week.expired(new GroupPresence.Unknown(), now - 7 * DAY, now)).isTrue();
        assertThat(week.expired(new GroupPresence.Unknown(), now - 7 * DAY + 1, now)).isFalse();
    }

    @Test
    void anEmptyGroupCountsFromItsNewestCommitOrItsLastMemberLeavingWhicheverIsLater() {
        assertThat(week.expired(new GroupPresence.EmptySince(now - DAY), now - 30 * DAY, now)).isFalse();
        assertThat(week.expired(new GroupPresence.EmptySince(now - 30 * DAY), now - DAY, now)).isFalse();
        assertThat(week.expired(new GroupPresence.EmptySince(now - 8 * DAY), now - 9 * DAY, now)).isTrue();
    }

    @Test
    void theRetentionMustBePositive() {
        assertThatThrownBy(() -> new OffsetRetention(Duration.ZERO))
                .hasMessage("strata.coordinator.offsets-retention must be positive, got PT0S");
    }
}
