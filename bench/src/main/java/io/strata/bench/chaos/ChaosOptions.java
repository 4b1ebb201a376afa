package io.strata.bench.chaos;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code ./strata bench chaos}.
 *
 * @param runMs           how long the nemesis injects faults (--minutes, or --seconds)
 * @param seed            the seed of the fault schedule (--seed; a random one, printed, when absent)
 * @param dataDir         where the run's cluster keeps its data and logs (--data-dir; default
 *                        data/chaos/&lt;time&gt;-seed-&lt;seed&gt; under the project root)
 * @param recordsPerSec   records per second each writer aims at (--rate)
 * @param javaWriters     idempotent Java-client writers (--java-writers)
 * @param restWriters     REST writers (--rest-writers)
 * @param readers         members of the consumer group (--readers)
 * @param topics          RF 3 topics, min.insync.replicas=2 (--topics)
 * @param partitions      partitions per topic (--partitions)
 * @param minFaultMs      shortest fault (--min-fault-seconds)
 * @param maxFaultMs      longest fault (--max-fault-seconds)
 */
record ChaosOptions(long runMs, long seed, Path dataDir, int recordsPerSec, int javaWriters, int restWriters, int readers,
                    int topics, int partitions, long minFaultMs, long maxFaultMs) {

    private static final Set<String> KEYS = Set.of("minutes", "seconds", "seed", "data-dir", "rate", "java-writers",
            "rest-writers", "readers", "topics", "partitions", "min-fault-seconds", "max-fault-seconds");

    static ChaosOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || !KEYS.contains(args[i].substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("chaos: unknown option or missing value: " + args[i]
                        + " (options: " + String.join(", ", KEYS.stream().sorted().map(k -> "--" + k).toList()) + ")");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        long runMs = values.containsKey("seconds") ? (long) (number(values, "seconds", 0) * 1000)
                : (long) (number(values, "minutes", 5) * 60_000);
        long seed = values.containsKey("seed") ? Long.parseLong(values.get("seed")) : new java.security.SecureRandom().nextLong() >>> 17;
        Path dataDir = values.containsKey("data-dir") ? Path.of(values.get("data-dir"))
                : Path.of("data", "chaos", Instant.now().toString().replace(':', '-') + "-seed-" + seed);
        ChaosOptions options = new ChaosOptions(runMs, seed, dataDir.toAbsolutePath(), (int) number(values, "rate", 100),
                (int) number(values, "java-writers", 2), (int) number(values, "rest-writers", 2),
                (int) number(values, "readers", 2), (int) number(values, "topics", 2), (int) number(values, "partitions", 3),
                (long) (number(values, "min-fault-seconds", 2) * 1000), (long) (number(values, "max-fault-seconds", 10) * 1000));
        if (options.runMs <= 0 || options.recordsPerSec <= 0 || options.topics <= 0 || options.partitions <= 0
                || options.javaWriters + options.restWriters <= 0) {
            throw new IllegalArgumentException("chaos: the duration, rate, topics, partitions and writers must be positive");
        }
        return options;
    }

    private static double number(Map<String, String> values, String key, double fallback) {
        try {
            return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chaos: --" + key + " must be a number, got " + values.get(key));
        }
    }
}
