package io.strata.adminui.group;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetRowTest {

    @Test
    void agesReadAsPeopleSayThem() {
        assertThat(OffsetRow.readable(-5)).isEqualTo("0 ms");
        assertThat(OffsetRow.readable(850)).isEqualTo("850 ms");
        assertThat(OffsetRow.readable(42_300)).isEqualTo("42 s");
        assertThat(OffsetRow.readable(192_000)).isEqualTo("3 min 12 s");
        assertThat(OffsetRow.readable(7_500_000)).isEqualTo("2 h 5 min");
        assertThat(OffsetRow.readable(4 * 86_400_000L + 3_600_000L * 4)).isEqualTo("4 d 4 h");
    }
}
