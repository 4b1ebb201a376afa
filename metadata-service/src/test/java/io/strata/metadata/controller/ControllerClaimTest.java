package io.strata.metadata.controller;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerClaimTest {

    private static final long JUMP = 100;
    private final ControllerClaim current = new ControllerClaim(5, 1, true);

    @Test
    void aHigherEpochWinsFromAnyNode() {
        assertThat(current.check(2, 6, JUMP)).isTrue();
        assertThat(new ControllerClaim(0, -1, false).check(3, 1, JUMP)).isTrue();
    }

    @Test
    void theHolderMayRepeatItsEpoch() {
        assertThat(current.check(1, 5, JUMP)).isFalse();
    }

    @Test
    void lowerEpochsAndForeignClaimsOfTheSameEpochAreStale() {
        assertThatThrownBy(() -> current.check(1, 4, JUMP)).isInstanceOf(StrataException.class)
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.STALE_CONTROLLER_EPOCH))
                .hasMessageContaining("controller_epoch: 4 is older than the current controller epoch 5");
        assertThatThrownBy(() -> current.check(2, 5, JUMP))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.STALE_CONTROLLER_EPOCH))
                .hasMessageContaining("already held by node 1");
        assertThatThrownBy(() -> current.check(2, 0, JUMP))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void aHugeEpochCannotDeposeALiveController() {
        assertThat(current.check(2, 5 + JUMP, JUMP)).isTrue();
        assertThatThrownBy(() -> current.check(2, Long.MAX_VALUE, JUMP))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessage("controller_epoch: " + Long.MAX_VALUE + " is more than 100 above the current controller"
                        + " epoch 5 of live node 1 (strata.metadata.controller-max-epoch-jump): it cannot be a raft term");
        assertThatThrownBy(() -> current.check(1, 6 + JUMP, JUMP)).hasMessageContaining("cannot be a raft term");
    }

    @Test
    void anyHigherEpochTakesOverFromADeadController() {
        assertThat(new ControllerClaim(5, 1, false).check(2, 5_000_000, JUMP)).isTrue();
        assertThatThrownBy(() -> new ControllerClaim(5, 1, false).check(2, 4, JUMP))
                .hasMessageContaining("is older than");
    }
}
