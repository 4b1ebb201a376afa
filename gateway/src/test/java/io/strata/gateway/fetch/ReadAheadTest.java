package io.strata.gateway.fetch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadAheadTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ReadAhead.Key AT_100 = new ReadAhead.Key("orders", 0, 100, 1000);
    private static final ReadAhead.Key AT_200 = new ReadAhead.Key("orders", 0, 200, 1000);

    private final ReadAhead<String> readAhead = new ReadAhead<>(2500, 2 * SECOND);

    @Test
    void aStoredAnswerIsServedOnceForExactlyItsKey() {
        assertThat(readAhead.reserve(AT_100, 0)).isTrue();
        readAhead.put(AT_100, "answer", 0);

        assertThat(readAhead.take(new ReadAhead.Key("orders", 0, 100, 2000), 1)).as("other max bytes").isNull();
        assertThat(readAhead.take(new ReadAhead.Key("orders", 1, 100, 1000), 1)).as("other partition").isNull();
        assertThat(readAhead.take(AT_100, 1)).isEqualTo("answer");
        assertThat(readAhead.take(AT_100, 2)).as("served once").isNull();
        assertThat(readAhead.size()).isZero();
    }

    @Test
    void reservationsStayWithinTheByteBudgetAndOnePerKey() {
        assertThat(readAhead.reserve(AT_100, 0)).isTrue();
        assertThat(readAhead.reserve(AT_100, 0)).as("already pending").isFalse();
        assertThat(readAhead.reserve(AT_200, 0)).isTrue();
        assertThat(readAhead.reserve(new ReadAhead.Key("orders", 0, 300, 1000), 0)).as("3000 > 2500 bytes").isFalse();

        readAhead.release(AT_200);
        assertThat(readAhead.reserve(new ReadAhead.Key("orders", 0, 300, 1000), 0)).as("budget given back").isTrue();
    }

    @Test
    void answersNotAskedForInTimeAreDroppedAndFreeTheirBytes() {
        readAhead.reserve(AT_100, 0);
        readAhead.put(AT_100, "stale", 0);
        readAhead.reserve(AT_200, SECOND);
        readAhead.put(AT_200, "fresh", SECOND);

        assertThat(readAhead.take(AT_100, 3 * SECOND)).as("older than 2 s").isNull();
        assertThat(readAhead.size()).as("the 1 s entry is still young at 3 s").isEqualTo(1);
        assertThat(readAhead.reserve(new ReadAhead.Key("orders", 1, 0, 1000), 4 * SECOND)).isTrue();
        assertThat(readAhead.size()).as("the 1 s entry expired when the new one was reserved").isEqualTo(1);
        assertThat(readAhead.take(AT_200, 4 * SECOND)).isNull();
    }

    @Test
    void anAnswerArrivingAfterItsReservationWasTakenIsNotKept() {
        readAhead.reserve(AT_100, 0);
        assertThat(readAhead.take(AT_100, 1)).as("reserved, not yet started").isNull();

        readAhead.put(AT_100, "late", 2);

        assertThat(readAhead.size()).isZero();
        assertThat(readAhead.take(AT_100, 3)).isNull();
    }

    @Test
    void aZeroBudgetTurnsReadAheadOff() {
        assertThat(new ReadAhead<String>(0, SECOND).reserve(AT_100, 0)).isFalse();
        assertThatThrownBy(() -> new ReadAhead<String>(-1, SECOND)).isInstanceOf(IllegalArgumentException.class);
    }
}
