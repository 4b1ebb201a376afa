package io.strata.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a benchmark {@code warmupRuns} times unmeasured, then {@code runs} times, prints each run's
 * figures to standard error and returns their median: figures on a shared 2-core machine move by a
 * third from run to run, and the first run also pays for JIT compilation.
 */
public final class RunSeries {

    /** One measured run of a benchmark. */
    @FunctionalInterface
    public interface Run {
        BenchResult run(int index) throws Exception;
    }

    private RunSeries() {
    }

    public static BenchResult median(int warmupRuns, int runs, Run run) throws Exception {
        if (runs < 1 || warmupRuns < 0) {
            throw new IllegalArgumentException("--runs must be at least 1 and --warmup-runs at least 0");
        }
        for (int i = 0; i < warmupRuns; i++) {
            System.err.println("warm-up run " + (i + 1) + " of " + warmupRuns);
            System.err.println("warm-up run " + (i + 1) + ": " + run.run(i).toJson());
        }
        List<BenchResult> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            System.err.println("run " + (i + 1) + " of " + runs);
            BenchResult result = run.run(warmupRuns + i);
            System.err.println("run " + (i + 1) + ": " + result.toJson());
            results.add(result);
        }
        return BenchResult.median(results);
    }
}
