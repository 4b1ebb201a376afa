package io.strata.bench.kafka;

import io.strata.bench.report.BenchResult;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the figures out of the standard output of Kafka's own perf tools (4.x), so that a Kafka run
 * ends with the same JSON line as a Strata run. The tools print whole milliseconds for their
 * percentiles; those are taken as printed.
 */
public final class PerfToolOutput {

    /**
     * {@code ProducerPerformance}'s closing line, e.g. {@code 1000000 records sent, 244000.1 records/sec
     * (23.27 MB/sec), 12.31 ms avg latency, 345.00 ms max latency, 5 ms 50th, 20 ms 95th, 30 ms 99th, 40 ms 99.9th.}
     * (its progress lines stop after "max latency").
     */
    private static final Pattern PRODUCER_SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), [\\d.]+ ms avg latency, "
                    + "[\\d.]+ ms max latency, (\\d+) ms 50th, \\d+ ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.");
    /** {@code EndToEndLatency}: {@code Avg latency: 3.5515 ms}. */
    private static final Pattern E2E_AVERAGE = Pattern.compile("Avg latency: ([\\d.]+) ms");
    /** {@code EndToEndLatency}: {@code Percentiles: 50th = 2, 99th = 14, 99.9th = 41}. */
    private static final Pattern E2E_PERCENTILES = Pattern.compile(
            "Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");
    private static final String CONSUMER_HEADER_START = "start.time, end.time";

    private PerfToolOutput() {
    }

    /** Throughput and send-to-acknowledgement percentiles from {@code ProducerPerformance}. */
    public static BenchResult producer(List<String> lines) {
        Matcher summary = last(lines, PRODUCER_SUMMARY, "ProducerPerformance's summary line");
        return new BenchResult(Double.parseDouble(summary.group(2)), Double.parseDouble(summary.group(3)),
                Double.parseDouble(summary.group(4)), Double.parseDouble(summary.group(5)),
                Double.parseDouble(summary.group(6)));
    }

    /**
     * Throughput from {@code ConsumerPerformance}'s {@code fetch.*} columns: the time spent fetching,
     * without the group join and rebalance (Strata's consume bench assigns partitions and has none).
     * It measures no per-record latency.
     */
    public static BenchResult consumer(List<String> lines) {
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(CONSUMER_HEADER_START)) {
                header = i;
            }
        }
        if (header < 0 || header + 1 >= lines.size()) {
            throw new IllegalStateException("ConsumerPerformance printed no figures: " + lines);
        }
        List<String> names = Arrays.stream(lines.get(header).split(",")).map(String::trim).toList();
        List<String> values = Arrays.stream(lines.get(header + 1).split(",")).map(String::trim).toList();
        if (names.size() != values.size()) {
            throw new IllegalStateException("ConsumerPerformance's figures do not match its header: " + values);
        }
        return new BenchResult(column(names, values, "fetch.nMsg.sec"), column(names, values, "fetch.MB.sec"),
                null, null, null);
    }

    /**
     * Percentiles from {@code EndToEndLatency}; it sends one record at a time and waits for it, so its
     * rate is one over the average latency.
     */
    public static BenchResult endToEnd(List<String> lines, int recordSize) {
        double averageMs = Double.parseDouble(last(lines, E2E_AVERAGE, "EndToEndLatency's average").group(1));
        Matcher percentiles = last(lines, E2E_PERCENTILES, "EndToEndLatency's percentiles");
        double recordsS = 1000.0 / averageMs;
        return new BenchResult(recordsS, recordsS * recordSize / (1024.0 * 1024.0),
                Double.parseDouble(percentiles.group(1)), Double.parseDouble(percentiles.group(2)),
                Double.parseDouble(percentiles.group(3)));
    }

    /**
     * The figures of producer perf tools that ran at the same time, {@code records.get(i)} records
     * each: rates add up over the slowest one's time; each percentile is the worst of theirs.
     */
    public static BenchResult concurrentProducers(List<BenchResult> results, List<Long> records, int recordSize) {
        if (results.size() == 1) {
            return results.get(0);
        }
        double slowestSeconds = 0;
        long total = 0;
        for (int i = 0; i < results.size(); i++) {
            slowestSeconds = Math.max(slowestSeconds, records.get(i) / results.get(i).recordsS());
            total += records.get(i);
        }
        double recordsS = total / slowestSeconds;
        return new BenchResult(recordsS, recordsS * recordSize / (1024.0 * 1024.0),
                worst(results, BenchResult::p50Ms), worst(results, BenchResult::p99Ms), worst(results, BenchResult::p999Ms));
    }

    private static Double worst(List<BenchResult> results, java.util.function.Function<BenchResult, Double> figure) {
        return results.stream().map(figure).max(Double::compare).orElse(null);
    }

    private static double column(List<String> names, List<String> values, String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("ConsumerPerformance printed no '" + name + "' column: " + names);
        }
        return Double.parseDouble(values.get(index));
    }

    private static Matcher last(List<String> lines, Pattern pattern, String what) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(lines.get(i));
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new IllegalStateException("no " + what + " in the tool's output: " + lines);
    }
}
