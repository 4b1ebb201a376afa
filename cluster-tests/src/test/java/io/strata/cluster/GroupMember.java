package io.strata.cluster;

import io.strata.cluster.GroupMemberProcess.CommitMode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One {@link GroupMemberProcess} a test started, and what it wrote: the records it processed, the
 * offsets it committed, the partitions it owns, when it subscribed. Its output goes to
 * {@code <name>.log} and its records to {@code <name>.records} in the test's directory. Created and
 * always destroyed by {@link GroupMembers}. It joins its group at {@link #subscribe()}; a test ends
 * it early with {@link #kill()} (SIGKILL, as a crash) or {@link #close()} (commit, leave, exit).
 */
final class GroupMember {

    /** JVM options that keep a member small on a loaded machine: it only polls and appends lines. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    private static final long EXIT_WAIT_SECONDS = 60;

    /** A record the member processed: one line of its records file. */
    record Processed(int partition, long offset, String value) {
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Path records;

    private GroupMember(String name, Process process, Path log, Path records) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.records = records;
    }

    /** Starts the process of a member of {@code group} for {@code topic}; it joins at {@link #subscribe()}. */
    static GroupMember launch(Path dir, String bootstrap, String group, String topic, String name, CommitMode mode)
            throws IOException {
        Path log = dir.resolve(name + ".log");
        Path records = dir.resolve(name + ".records");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), GroupMemberProcess.class.getName(),
                bootstrap, group, topic, name, mode.name(), records.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new GroupMember(name, process, log, records);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** True once the process has started up and waits to be told to subscribe. */
    boolean isReady() {
        return printed("ready");
    }

    /** Tells the process to join its group (at once when it is ready, else as soon as it is). */
    void subscribe() {
        tell("subscribe");
    }

    /** SIGKILL; returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Asks for a clean close (commit in its mode, leave the group) and waits until it exited with 0. */
    void close() {
        tell("close");
        awaitExit();
        if (process.exitValue() != 0) {
            throw new AssertionError("member " + name + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    private void tell(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("member " + name + " could not be told to " + command, e);
        }
    }

    /** Stops the process whatever state it is in (idempotent): the last word of every test. */
    void destroy() {
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("member " + name + " (pid " + process.pid() + ") did not exit within "
                        + EXIT_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** Every record it processed, in the order it processed them. */
    List<Processed> processed() {
        List<Processed> processed = new ArrayList<>();
        for (String line : completeLines(records)) {
            if (!line.startsWith("commit ")) {
                String[] fields = line.split(" ", 3);
                processed.add(new Processed(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), fields[2]));
            }
        }
        return processed;
    }

    /** The highest offset it committed per partition (only commits the coordinator accepted). */
    Map<Integer, Long> committed() {
        Map<Integer, Long> committed = new HashMap<>();
        for (String line : completeLines(records)) {
            if (line.startsWith("commit ")) {
                String[] fields = line.split(" ");
                committed.merge(Integer.parseInt(fields[1]), Long.parseLong(fields[2]), Math::max);
            }
        }
        return committed;
    }

    /** The partitions it owns, as it last printed them (empty before its first assignment). */
    Set<Integer> assignment() {
        Set<Integer> assignment = new TreeSet<>();
        completeLines(log).stream().filter(line -> line.startsWith("assignment [")).reduce((first, second) -> second)
                .map(line -> line.substring("assignment [".length(), line.length() - 1))
                .filter(list -> !list.isEmpty())
                .ifPresent(list -> Arrays.stream(list.split(",")).forEach(p -> assignment.add(Integer.parseInt(p))));
        return assignment;
    }

    /** Whether it printed a line starting with {@code text} (e.g. "commit failed"). */
    boolean printed(String text) {
        return completeLines(log).stream().anyMatch(line -> line.startsWith(text));
    }

    /** When (epoch ms) it was about to send its first heartbeat; -1 when it has not got that far. */
    long subscribedAtMs() {
        return completeLines(log).stream().filter(line -> line.startsWith("subscribing ")).findFirst()
                .map(line -> Long.parseLong(line.substring("subscribing ".length()))).orElse(-1L);
    }

    /**
     * The lines of a file that end with a newline: a member killed in the middle of a write may
     * leave half a line, which it never finished processing.
     */
    private static List<String> completeLines(Path file) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            lines.remove(lines.size() - 1);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + (process.isAlive() ? "running" : "exited") + ")";
    }
}
