package io.strata.bench.scale;

import io.strata.deploy.cluster.ClusterState;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kills one partition node of a running {@code ./strata up} cluster with SIGKILL and starts it again
 * exactly as it ran: the command line and environment are read from {@code /proc/<pid>/cmdline} and
 * {@code /proc/<pid>/environ} before the kill, output is appended to the node's log file, and the
 * cluster's state file ({@code cluster.json}) is rewritten with the new pid, so {@code ./strata down}
 * still stops it. Linux only; the node must run as this user.
 *
 * <p>Not thread-safe: one restart at a time, and no other command may write the state file meanwhile.
 */
final class NodeRestart {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final Path stateFile;
    private final ClusterState.Entry node;
    private final List<String> command;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private NodeRestart(Path stateFile, ClusterState.Entry node, List<String> command, Map<String, String> environment) {
        this.stateFile = stateFile;
        this.node = node;
        this.command = command;
        this.environment = environment;
    }

    /** Reads how {@code node} runs now; it must be alive. */
    static NodeRestart of(Path stateFile, ClusterState.Entry node) throws IOException {
        Path proc = Path.of("/proc", Long.toString(node.pid()));
        List<String> command = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String pair : nulSeparated(Files.readAllBytes(proc.resolve("environ")))) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                environment.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        if (command.isEmpty()) {
            throw new IOException("cannot read the command line of " + node.service() + " (pid " + node.pid() + ")");
        }
        return new NodeRestart(stateFile, node, command, environment);
    }

    /** SIGKILL, and returns once the process is gone. */
    void kill() throws InterruptedException {
        ProcessHandle handle = ProcessHandle.of(node.pid())
                .orElseThrow(() -> new IllegalStateException(node.service() + " (pid " + node.pid() + ") is not running"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(node.service() + " did not exit after SIGKILL", e);
        }
    }

    /** Starts the node as it ran and records the new pid in the state file; returns the new pid. */
    long start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(node.logFile())))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        Long startedAtMs = process.toHandle().info().startInstant().map(i -> i.toEpochMilli()).orElse(null);
        ClusterState state = ClusterState.read(stateFile)
                .orElseThrow(() -> new IOException("no cluster state at " + stateFile));
        List<ClusterState.Entry> entries = new ArrayList<>();
        for (ClusterState.Entry entry : state.processes()) {
            entries.add(entry.service().equals(node.service())
                    ? new ClusterState.Entry(entry.service(), entry.nodeId(), process.pid(), startedAtMs, entry.url(),
                            entry.healthUrl(), entry.jar(), entry.logFile())
                    : entry);
        }
        new ClusterState(state.dataDir(), entries).write(stateFile);
        return process.pid();
    }

    /** Polls the node's readiness until it answers 200; throws after {@code timeout}. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(node.healthUrl()))
                        .timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(node.service() + " was not ready within " + timeout + "; see " + node.logFile());
    }

    private static List<String> nulSeparated(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.UTF_8);
        return Arrays.stream(all.split("\0")).filter(s -> !s.isEmpty()).toList();
    }
}
