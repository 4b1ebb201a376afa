package io.strata.metadata.controller;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControllerClaimTest {

    private final ControllerClaim current = new ControllerClaim(5, 1);

    @Test
    void aHigherEpochWinsFromAnyNode() {
        assertThat(current.check(2, 6)).isTrue();
        assertThat(new ControllerClaim(0, -1).check(3, 1)).isTrue();
    }

    @Test
    void theHolderMayRepeatItsEpoch() {
        assertThat(current.check(1, 5)).isFalse();
    }

    @Test
    void lowerEpochsAndForeignClaimsOfTheSameEpochAreStale() {
        assertThatThrownBy(() -> current.check(1, 4)).isInstanceOf(StrataException.class)
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.STALE_CONTROLLER_EPOCH))
                .hasMessageContaining("controller_epoch: 4 is older than the current controller epoch 5");
        assertThatThrownBy(() -> current.check(2, 5))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.STALE_CONTROLLER_EPOCH))
                .hasMessageContaining("already held by node 1");
        assertThatThrownBy(() -> current.check(2, 0))
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
