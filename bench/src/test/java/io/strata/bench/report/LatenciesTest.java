package io.strata.bench.report;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatenciesTest {

    @Test
    void nearestRankPercentilesOfAThousandSamples() {
        Latencies latencies = new Latencies(1000);
        // 1..1000 µs, recorded out of order
        IntStream.rangeClosed(1, 1000).map(i -> 1001 - i).forEach(us -> latencies.record(us * 1000L));

        assertThat(latencies.percentiles()).isEqualTo(new Percentiles(0.5, 0.99, 0.999));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Latencies latencies = new Latencies(4);
        latencies.record(7_000_000);

        assertThat(latencies.percentiles()).isEqualTo(new Percentiles(7, 7, 7));
    }

    @Test
    void recordingPastCapacityOrReadingNothingIsABug() {
        Latencies latencies = new Latencies(1);
        assertThatThrownBy(latencies::percentiles).hasMessageContaining("no latencies");
        latencies.record(1);
        assertThatThrownBy(() -> latencies.record(2)).hasMessageContaining("more than 1");
    }
}
