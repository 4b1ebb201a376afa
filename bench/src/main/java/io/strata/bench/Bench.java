package io.strata.bench;

import java.util.Arrays;

/**
 * Entry point of {@code ./strata bench <name> [--option value …]}. Each benchmark prints progress
 * to standard error while it runs and its figures as one JSON line, last, on standard output.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // The log engine logs through System.Logger, which the JBoss LogManager on the class path serves.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        String[] options = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "log" -> LogBench.run(BenchOptions.parse(options));
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "'");
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: ./strata bench <benchmark> [--option value …]

                benchmarks:
                  log   appends records through the partition log engine and reads them back,
                        beside plain sequential file writes of the same bytes.
                        --records N (1000000)  --record-size BYTES (1024)  --batch-bytes BYTES (16384)
                        --dir DIR (data/bench)  --segment-bytes BYTES (1073741824)
                        --fsync true|false (false)  --rounds N (3)""");
    }
}
