package io.strata.node.rpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightBytesTest {

    @Test
    void admitsUpToTheLimitAndAgainOnceBytesAreGivenBack() {
        InFlightBytes bytes = new InFlightBytes(100);
        assertThat(bytes.tryTake(60)).isTrue();
        assertThat(bytes.tryTake(40)).isTrue();
        assertThat(bytes.tryTake(1)).as("at the limit").isFalse();
        bytes.giveBack(40);
        assertThat(bytes.tryTake(41)).isFalse();
        assertThat(bytes.tryTake(40)).isTrue();
        assertThat(bytes.inFlight()).isEqualTo(100);
    }

    @Test
    void oneRequestLargerThanTheLimitIsLetInAlone() {
        InFlightBytes bytes = new InFlightBytes(100);
        assertThat(bytes.tryTake(500)).isTrue();
        assertThat(bytes.tryTake(1)).isFalse();
        bytes.giveBack(500);
        assertThat(bytes.inFlight()).isZero();
        assertThatThrownBy(() -> bytes.giveBack(1)).isInstanceOf(IllegalStateException.class);
    }
}
