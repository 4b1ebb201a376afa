package io.strata.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures every produce, consume and end-to-end benchmark ends with, for Strata and Kafka
 * alike, printed as one JSON line last on standard output:
 * {@code {"records_s":…,"mb_s":…,"p50_ms":…,"p99_ms":…,"p999_ms":…}}. A figure a benchmark does
 * not measure is {@code null} (consume has no per-record latency). MB is 2^20 bytes of payload,
 * as in Kafka's perf tools. {@code ./strata bench kafka} adds which server it measured,
 * {@code ,"target":"kafka"} or {@code "strata"}, last: readers that look for the five figures by
 * name see the same line either way. Immutable.
 */
public record BenchResult(double recordsS, double mbS, Double p50Ms, Double p99Ms, Double p999Ms) {

    private static final double MB = 1024.0 * 1024.0;
    private static final Pattern JSON = Pattern.compile("\\{\"records_s\":([\\d.]+),\"mb_s\":([\\d.]+),"
            + "\"p50_ms\":([\\d.]+|null),\"p99_ms\":([\\d.]+|null),\"p999_ms\":([\\d.]+|null)"
            + "(?:,\"target\":\"([a-z]+)\")?}");

    /** Throughput of {@code records} records carrying {@code payloadBytes} in {@code nanos}, plus latency percentiles. */
    public static BenchResult of(long records, long payloadBytes, long nanos, Percentiles latency) {
        double seconds = nanos / 1e9;
        return new BenchResult(records / seconds, payloadBytes / MB / seconds,
                latency == null ? null : latency.p50Ms(),
                latency == null ? null : latency.p99Ms(),
                latency == null ? null : latency.p999Ms());
    }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"records_s\":%.1f,\"mb_s\":%.2f,\"p50_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s}",
                recordsS, mbS, millis(p50Ms), millis(p99Ms), millis(p999Ms));
    }

    /** The same line with the server measured last: {@code …,"p999_ms":…,"target":"strata"}. */
    public String toJson(String target) {
        if (!target.matches("[a-z]+")) {
            throw new IllegalArgumentException("a target is a lower-case word, got '" + target + "'");
        }
        String json = toJson();
        return json.substring(0, json.length() - 1) + ",\"target\":\"" + target + "\"}";
    }

    /** Reads back a line {@link #toJson()} or {@link #toJson(String)} printed (for {@code ./strata bench median}). */
    public static BenchResult parseJson(String line) {
        Matcher matcher = matchJson(line);
        return new BenchResult(Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)),
                nullable(matcher.group(3)), nullable(matcher.group(4)), nullable(matcher.group(5)));
    }

    /** The {@code "target"} of a result line, if it names one. */
    public static Optional<String> targetOf(String line) {
        return Optional.ofNullable(matchJson(line).group(6));
    }

    private static Matcher matchJson(String line) {
        Matcher matcher = JSON.matcher(line.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a bench result line: " + line);
        }
        return matcher;
    }

    private static Double nullable(String value) {
        return value.equals("null") ? null : Double.valueOf(value);
    }

    /** Each figure's median over several runs, separately (the runs' middle values need not come from one run). */
    public static BenchResult median(List<BenchResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to take the median of");
        }
        return new BenchResult(median(runs, BenchResult::recordsS), median(runs, BenchResult::mbS),
                median(runs, BenchResult::p50Ms), median(runs, BenchResult::p99Ms), median(runs, BenchResult::p999Ms));
    }

    private static Double median(List<BenchResult> runs, Function<BenchResult, Double> figure) {
        double[] values = runs.stream().map(figure).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        if (values.length == 0) {
            return null;
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String millis(Double value) {
        return value == null ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }
}
