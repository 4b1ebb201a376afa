package io.strata.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchResultTest {

    @Test
    void printsOneJsonLineWithNullsForUnmeasuredFigures() {
        assertThat(new BenchResult(244000.06, 23.271, 0.5, 5.25, 12.0).toJson())
                .isEqualTo("{\"records_s\":244000.1,\"mb_s\":23.27,\"p50_ms\":0.500,\"p99_ms\":5.250,\"p999_ms\":12.000}");
        assertThat(new BenchResult(10, 1, null, null, null).toJson())
                .isEqualTo("{\"records_s\":10.0,\"mb_s\":1.00,\"p50_ms\":null,\"p99_ms\":null,\"p999_ms\":null}");
    }

    @Test
    void computesRatesInMebibytesOfPayload() {
        BenchResult result = BenchResult.of(1_000_000, 100_000_000, 2_000_000_000L, new Percentiles(1, 2, 3));

        assertThat(result.recordsS()).isEqualTo(500_000);
        assertThat(result.mbS()).isCloseTo(47.68, org.assertj.core.data.Offset.offset(0.01));
        assertThat(result.p999Ms()).isEqualTo(3);
        assertThat(BenchResult.of(1, 1, 1, null).p50Ms()).isNull();
    }

    @Test
    void takesTheMedianOfEachFigureSeparately() {
        BenchResult median = BenchResult.median(List.of(
                new BenchResult(1, 30, 5.0, null, 1.0),
                new BenchResult(3, 10, 6.0, null, 2.0),
                new BenchResult(2, 20, 4.0, null, 3.0)));

        assertThat(median).isEqualTo(new BenchResult(2, 20, 5.0, null, 2.0));
        assertThat(BenchResult.median(List.of(new BenchResult(1, 1, null, null, null), new BenchResult(3, 3, null, null, null))))
                .isEqualTo(new BenchResult(2, 2, null, null, null));
    }

    @Test
    void readsBackTheLinesItPrints() {
        BenchResult result = new BenchResult(244000.1, 23.27, 0.5, null, 12.0);

        assertThat(BenchResult.parseJson(result.toJson())).isEqualTo(result);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchResult.parseJson("{\"records_s\":1}"))
                .hasMessageContaining("not a bench result line");
    }

    @Test
    void aKafkaToolRunNamesItsTargetLastAndReadsBack() {
        BenchResult result = new BenchResult(10, 1, null, 2.0, null);

        String line = result.toJson("strata");

        assertThat(line).isEqualTo("{\"records_s\":10.0,\"mb_s\":1.00,\"p50_ms\":null,\"p99_ms\":2.000,"
                + "\"p999_ms\":null,\"target\":\"strata\"}");
        assertThat(BenchResult.parseJson(line)).isEqualTo(result);
        assertThat(BenchResult.targetOf(line)).contains("strata");
        assertThat(BenchResult.targetOf(result.toJson())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> result.toJson("Strata \""))
                .hasMessageContaining("lower-case word");
    }
}
