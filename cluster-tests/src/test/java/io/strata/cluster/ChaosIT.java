package io.strata.cluster;

import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite in short form (needs the services and bench packaged: {@code ./mvnw package -DskipTests}): {@code ./strata bench chaos} (the same main, as a child process,
 * as a user runs it) with fixed seeds, each for {@code chaos.seconds} (default {@value #DEFAULT_SECONDS})
 * seconds of faults. Every seed must end with every invariant holding: zero acknowledged records
 * lost, zero stored twice, replicas identical, offsets dense, commits forward, one owner per
 * partition. Properties: {@code -Dchaos.seeds=11,12} (default {@value #DEFAULT_SEEDS}),
 * {@code -Dchaos.seconds=N}.
 */
class ChaosIT {

    static final String DEFAULT_SEEDS = "922";
    static final int DEFAULT_SECONDS = 120;
    /** Bound on one run beyond its fault time: cluster start, restarts, heal, drain, checks (generous: 2 loaded cores). */
    static final long RUN_OVERHEAD_MINUTES = 20;

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> fixedSeedsLoseNothingAndDuplicateNothing() {
        int seconds = Integer.getInteger("chaos.seconds", DEFAULT_SECONDS);
        return Arrays.stream(System.getProperty("chaos.seeds", DEFAULT_SEEDS).split(",")).map(String::trim)
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runSeed(Long.parseLong(seed), seconds)));
    }

    private void runSeed(long seed, int seconds) throws IOException, InterruptedException {
        Path root = StrataBuild.root();
        // bench comes before cluster-tests in the reactor; ./strata bench runs from the same place
        assertThat(root.resolve("bench/target/lib")).as("the bench module is packaged (./mvnw package -DskipTests)").isDirectory();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx512m", "-Dstrata.root=" + root,
                "-cp", root.resolve("bench/target/classes") + ":" + root.resolve("bench/target/lib") + "/*",
                "io.strata.bench.Bench", "chaos", "--seconds", Integer.toString(seconds), "--seed", Long.toString(seed),
                "--data-dir", dir.resolve("seed-" + seed).toString());
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println(line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            boolean ended = process.waitFor(seconds / 60 + RUN_OVERHEAD_MINUTES, TimeUnit.MINUTES);
            assertThat(ended).as("chaos run of seed %d ended within its bound", seed).isTrue();
        } finally {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM: its shutdown hook stops the cluster it started
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            reader.join(10_000);
        }
        String summary;
        synchronized (lines) {
            summary = lines.stream().filter(line -> line.startsWith("{\"seed\"")).reduce((a, b) -> b).orElse("");
        }
        assertThat(summary).as("summary line of seed %d", seed).isNotEmpty();
        assertThat(summary).as("seed %d", seed).contains("\"lost\":0,", "\"misplaced\":0,", "\"duplicated\":0,",
                "\"violations\":0,", "\"result\":\"PASS\"");
        assertThat(process.exitValue()).as("exit code of seed %d", seed).isZero();
    }
}
