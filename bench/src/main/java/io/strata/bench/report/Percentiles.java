package io.strata.bench.report;

import java.util.Locale;

/** Latency percentiles in milliseconds. */
public record Percentiles(double p50Ms, double p99Ms, double p999Ms) {

    /** For progress output: {@code p50 1.23 ms, p99 4.56 ms, p99.9 7.89 ms}. */
    public String describe() {
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms", p50Ms, p99Ms, p999Ms);
    }
}
