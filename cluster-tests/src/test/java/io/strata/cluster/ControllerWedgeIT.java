package io.strata.cluster;

import com.sun.jdi.ThreadReference;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liveness on a wedged raft group: a real metadata service (with its embedded PostgreSQL) and one
 * partition node that forms a raft group of one and becomes the controller. A debugger then
 * suspends the node's own {@code strata-controller} thread, the one that handles raft roles, views
 * and elections, as a call that never returns would: {@code /q/health/live} turns 503 with the
 * {@code controller} check DOWN once the stall limit passes, and 200 again once the thread runs.
 */
class ControllerWedgeIT {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STALL_AFTER = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workDir;
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        processes.forEach(ServiceProcess::close);
    }

    private ServiceProcess start(ServiceSpec spec) throws IOException {
        ServiceProcess process = ServiceProcess.start(spec);
        processes.add(process);
        return process.awaitHealthy(STARTUP);
    }

    private ServiceProcess metadataService() throws IOException {
        int port = FreePorts.next();
        return start(ServiceSpec.builder("metadata-service", StrataBuild.quarkusRunJar("metadata-service")).jvmArg("-Xmx256m")
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("strata.metadata.data-dir", workDir.resolve("metadata").toString())
                .logFile(workDir.resolve("metadata-service.log"))
                .healthUrl("http://127.0.0.1:" + port + "/q/health/ready").build());
    }

    private ServiceProcess controllerNode(int metadataPort, int debugPort) throws IOException {
        int port = FreePorts.next();
        int raftPort = FreePorts.next();
        return start(ServiceSpec.builder("partition-node-1", StrataBuild.quarkusRunJar("partition-node")).jvmArg("-Xmx256m")
                .jvmArg(DebuggerThreads.agentArg(debugPort))
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("strata.node.id", "1")
                .systemProperty("strata.node.data-dir", workDir.resolve("node-1").toString())
                .systemProperty("strata.node.metadata-url", "http://127.0.0.1:" + metadataPort)
                .systemProperty("strata.node.raft.members", "1@127.0.0.1:" + raftPort)
                .systemProperty("strata.node.health.controller-stall-after", STALL_AFTER.toMillis() + "ms")
                .systemProperty("strata.node.metrics-refresh-interval", "500ms")
                .logFile(workDir.resolve("partition-node-1.log"))
                .healthUrl("http://127.0.0.1:" + port + "/q/health/ready").build());
    }

    private static HttpResponse<String> get(ServiceProcess node, String path) throws IOException, InterruptedException {
        URI url = node.spec().healthUrl().resolve(path);
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSuspendedControllerThreadTurnsLivenessDownThenUp() throws Exception {
        ServiceProcess metadata = metadataService();
        int debugPort = FreePorts.next();
        ServiceProcess node = controllerNode(metadata.spec().healthUrl().getPort(), debugPort);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(node, "/q/metrics").body())
                .as("the node leads its raft group of one: the controller").containsPattern("(?m)^strata_controller_active(\\{[^}]*\\})? 1\\.0"));
        assertThat(get(node, "/q/health/live").statusCode()).isEqualTo(200);

        try (DebuggerThreads debugger = DebuggerThreads.attach(debugPort)) {
            ThreadReference controller = debugger.suspend("strata-controller");
            await().atMost(STALL_AFTER.multipliedBy(10)).untilAsserted(() -> {
                HttpResponse<String> live = get(node, "/q/health/live");
                assertThat(live.statusCode()).isEqualTo(503);
                assertThat(live.body()).containsPattern("\"name\": \"controller\",\\s*\"status\": \"DOWN\"")
                        .contains("the controller thread last ticked");
            });
            assertThat(get(node, "/q/health/live").body()).as("the event loops still run")
                    .containsPattern("\"name\": \"event-loops\",\\s*\"status\": \"UP\"");
            controller.resume();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get(node, "/q/health/live").statusCode()).isEqualTo(200));
        }
        assertThat(node.isAlive()).isTrue();
    }
}
