package io.strata.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchOptionsTest {

    @Test
    void readsValuesFlagsAndDefaults() {
        BenchOptions options = BenchOptions.parse(new String[]{"--records", "1_000_000", "--keep", "--acks", "all"});

        assertThat(options.longValue("records", 5)).isEqualTo(1_000_000);
        assertThat(options.booleanValue("keep", false)).isTrue();
        assertThat(options.string("acks", "1")).isEqualTo("all");
        assertThat(options.intValue("partitions", 6)).isEqualTo(6);
        assertThat(options.has("partitions")).isFalse();
    }

    @Test
    void aFlagAtTheEndIsTrue() {
        assertThat(BenchOptions.parse(new String[]{"--keep"}).booleanValue("keep", false)).isTrue();
    }

    @Test
    void namesTheOptionWithABadValue() {
        BenchOptions options = BenchOptions.parse(new String[]{"--records", "many", "--keep", "yes"});

        assertThatThrownBy(() -> options.longValue("records", 1)).hasMessageContaining("--records").hasMessageContaining("many");
        assertThatThrownBy(() -> options.booleanValue("keep", false)).hasMessageContaining("--keep");
    }

    @Test
    void refusesPositionalValuesRepeatsAndUnknownOptions() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"records", "5"})).hasMessageContaining("'records'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--acks", "1", "--acks", "all"}))
                .hasMessageContaining("--acks is given twice");
        assertThatThrownBy(() -> BenchOptions.parse(new String[]{"--record-szie", "5"}).requireKnown(List.of("record-size")))
                .hasMessageContaining("--record-szie").hasMessageContaining("--record-size");
    }
}
