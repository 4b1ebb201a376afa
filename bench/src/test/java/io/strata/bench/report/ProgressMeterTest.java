package io.strata.bench.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressMeterTest {

    @Test
    void aLineSaysRecordsSoFarAndTheRateOverTheLastInterval() {
        assertThat(ProgressMeter.line("produce", 1_250_000, 250_000, 1_000_000_000L, 100))
                .isEqualTo("produce: 1,250,000 records, 250,000 records/s (23.84 MB/s)");
        assertThat(ProgressMeter.line("e2e", 0, 0, 0, 100)).isEqualTo("e2e: 0 records, 0 records/s (0.00 MB/s)");
    }
}
