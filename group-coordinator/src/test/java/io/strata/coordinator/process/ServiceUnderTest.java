package io.strata.coordinator.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The group coordinator as a real process (the quarkus-run.jar of this module's build), for
 * process-level tests. {@link #close()} kills the process and every descendant it had (its
 * embedded PostgreSQL), also after a failed test.
 */
final class ServiceUnderTest implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final int port;
    private final Path log;
    private final List<ProcessHandle> descendants = new ArrayList<>();

    private ServiceUnderTest(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceUnderTest start(String name, Path workDir, Map<String, String> properties) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dquarkus.http.port=" + port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServiceUnderTest service = new ServiceUnderTest(process, port, log);
        service.awaitHealthy();
        return service;
    }

    int port() {
        return port;
    }

    /** The process's output so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .failFast("group coordinator exited; see " + log, () -> !process.isAlive())
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        process.descendants().forEach(descendants::add);
    }

    /** SIGTERM, then waits for a clean exit. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("group coordinator did not stop within 60 s; see " + log);
        }
    }

    /** SIGKILL: no shutdown hooks run; its PostgreSQL child is left orphaned, as after a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        process.descendants().forEach(descendants::add);
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
