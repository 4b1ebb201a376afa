package io.strata.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A command-line tool (a Kafka tool's JVM, kcat) run as a child process of the test: its output
 * and errors go to files in a work directory (no pipe can fill up and stall it), its input comes
 * from a file or nothing. {@link #run} waits for it with a timeout; a started one is destroyed by
 * {@link #close()} (SIGTERM, then SIGKILL), so that nothing outlives the test.
 */
final class ChildProcess implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** How a finished tool ended. */
    record Result(String name, List<String> command, int exitCode, String stdout, String stderr) {

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        /** Everything about the run, for assertion messages. */
        String describe() {
            return name + " " + command + " exited " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(String name, List<String> command, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command} with {@code stdin} (null: none) as its input, output under {@code workDir}. */
    static ChildProcess start(Path workDir, String name, List<String> command, String stdin) {
        try {
            Files.createDirectories(workDir);
            String base = String.format("%03d-%s", SEQUENCE.incrementAndGet(), name);
            Path out = workDir.resolve(base + ".out");
            Path err = workDir.resolve(base + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                Path in = workDir.resolve(base + ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            return new ChildProcess(name, List.copyOf(command), builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code command} to its end; fails if it is still running after {@code timeout} (and kills it). */
    static Result run(Path workDir, String name, List<String> command, String stdin, Duration timeout) {
        try (ChildProcess child = start(workDir, name, command, stdin)) {
            return child.awaitExit(timeout);
        }
    }

    /** Waits for the process to exit by itself; fails (after killing it) if it does not within {@code timeout}. */
    Result awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(name + " still running after " + timeout + ": " + command
                        + "\n--- stdout:\n" + stdout() + "\n--- stderr:\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return new Result(name, command, process.exitValue(), stdout(), stderr());
    }

    /** Asks the process to stop (SIGTERM: a Kafka tool's shutdown hook runs) and waits for it to end. */
    Result stop(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
