package io.strata.bench.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Kafka's command-line tools running as a child process. Its standard output is echoed to
 * our standard error as it comes (it is the run's progress) and kept for parsing; its standard
 * error (warnings) passes through. The process is destroyed if the bench JVM exits first (Ctrl-C).
 */
final class KafkaTool {

    private final String name;
    private final Process process;
    private final Thread destroyOnExit;
    private final Thread reader;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private volatile long lastLineNanos = System.nanoTime();

    private KafkaTool(String name, Process process) {
        this.name = name;
        this.process = process;
        this.destroyOnExit = new Thread(process::destroyForcibly, "destroy-" + name);
        Runtime.getRuntime().addShutdownHook(destroyOnExit);
        this.reader = new Thread(this::readOutput, "read-" + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static KafkaTool start(String name, List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new KafkaTool(name, process);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + command, e);
        }
    }

    /** Waits for the tool to end and returns what it printed; a tool that fails or outlives {@code timeoutS} is an error. */
    List<String> await(long timeoutS) throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " did not finish within " + timeoutS + " s");
                }
                // Some tools (ConsumerPerformance) say nothing until they are done: show that it runs.
                if (System.nanoTime() - lastLineNanos > TimeUnit.SECONDS.toNanos(1)) {
                    System.err.println("kafka> " + name + " running …");
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + process.exitValue()
                        + "; its last output: " + tail());
            }
            synchronized (lines) {
                return List.copyOf(lines);
            }
        } finally {
            process.destroyForcibly();
            removeHook();
        }
    }

    private void readOutput() {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                lastLineNanos = System.nanoTime();
                lines.add(line);
                System.err.println("kafka> " + line);
            }
        } catch (IOException e) {
            // The process was destroyed: await() reports how it ended.
        }
    }

    private List<String> tail() {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(destroyOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: nothing to remove.
        }
    }
}
