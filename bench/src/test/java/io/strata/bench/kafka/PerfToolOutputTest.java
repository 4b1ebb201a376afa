package io.strata.bench.kafka;

import io.strata.bench.report.BenchResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Output lines as Kafka 4.3.1's tools printed them on this machine. */
class PerfToolOutputTest {

    @Test
    void producerFiguresComeFromTheSummaryNotTheProgressLines() {
        List<String> lines = List.of(
                "57859 records sent, 11569.5 records/sec (1.10 MB/sec), 1717.2 ms avg latency, 2749.0 ms max latency.",
                "300000 records sent, 35633.685711 records/sec (3.40 MB/sec), 3369.58 ms avg latency, 4199.00 ms max "
                        + "latency, 3710 ms 50th, 4152 ms 95th, 4186 ms 99th, 4198 ms 99.9th.");

        assertThat(PerfToolOutput.producer(lines)).isEqualTo(new BenchResult(35633.685711, 3.40, 3710.0, 4186.0, 4198.0));
    }

    @Test
    void consumerFiguresAreTheFetchColumns() {
        List<String> lines = List.of(
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                        + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "2026-11-24 08:41:18:851, 2026-11-24 08:41:22:535, 28.6102, 7.7661, 300000, 81433.2248, 2515, 1169, "
                        + "24.4741, 256629.5979");

        assertThat(PerfToolOutput.consumer(lines)).isEqualTo(new BenchResult(256629.5979, 24.4741, null, null, null));
    }

    @Test
    void endToEndRateIsOneOverTheAverageLatency() {
        List<String> lines = List.of("0\t107.98759299999999", "1000\t1.447419", "Avg latency: 2.5000 ms",
                "Percentiles: 50th = 2, 99th = 14, 99.9th = 41");

        BenchResult result = PerfToolOutput.endToEnd(lines, 1024);

        assertThat(result.recordsS()).isEqualTo(400.0);
        assertThat(result.mbS()).isCloseTo(0.390625, offset(1e-9));
        assertThat(List.of(result.p50Ms(), result.p99Ms(), result.p999Ms())).containsExactly(2.0, 14.0, 41.0);
    }

    @Test
    void aToolThatPrintedNoFiguresIsAnError() {
        assertThatThrownBy(() -> PerfToolOutput.producer(List.of("oops"))).hasMessageContaining("summary line");
        assertThatThrownBy(() -> PerfToolOutput.consumer(List.of())).hasMessageContaining("no figures");
    }

    @Test
    void concurrentProducersAddUpOverTheSlowestOnesTime() {
        BenchResult combined = PerfToolOutput.concurrentProducers(List.of(
                        new BenchResult(100_000, 0, 2.0, 10.0, 20.0),
                        new BenchResult(50_000, 0, 3.0, 9.0, 30.0)),
                List.of(500_000L, 500_000L), 100);

        // the second took 10 s for its half: 1,000,000 records in 10 s
        assertThat(combined.recordsS()).isEqualTo(100_000);
        assertThat(combined.mbS()).isCloseTo(9.54, offset(0.01));
        assertThat(List.of(combined.p50Ms(), combined.p99Ms(), combined.p999Ms())).containsExactly(3.0, 10.0, 30.0);
    }
}
