package io.strata.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.StrataBuild;
import io.strata.deploy.launcher.TestJars;
import io.strata.deploy.launcher.TestServiceMain;
import io.strata.deploy.postgres.EmbeddedPostgresServer;
import io.strata.deploy.postgres.PostmasterPidFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code up}, {@code status} and {@code down} against a fake project root: the real embedded
 * PostgreSQL, and {@link TestServiceMain} standing in for the metadata service and the partition
 * nodes (it serves /q/health/ready on quarkus.http.port). The gateway's module is there but not
 * built (skipped with a note); the other services' modules are absent (left out).
 */
class LocalClusterTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private LocalCluster cluster;

    @AfterEach
    void down() {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    void upStatusDown() throws IOException {
        Path fakeService = TestJars.classpathJar(root.resolve("jars"), TestServiceMain.class);
        TestJars.classpathJar(root.resolve("jars"), EmbeddedPostgresServer.class);
        Files.createDirectories(root.resolve("deploy/target"));
        Files.copy(root.resolve("jars/EmbeddedPostgresServer.jar"), StrataBuild.postgresServerJarPath(root));
        for (String module : List.of("metadata-service", "partition-node")) {
            Path jar = StrataBuild.quarkusRunJarPath(root, module);
            Files.createDirectories(jar.getParent());
            Files.copy(fakeService, jar);
        }
        Files.createDirectories(root.resolve("gateway")); // checked out, not built; no admin-ui module at all
        Map<String, String> portFlags = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet()
                .forEach(name -> portFlags.put(name, Integer.toString(FreePorts.next())));
        ClusterConfig config = new ClusterConfig(root, root.resolve("data"),
                ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), portFlags),
                List.of("-Xmx64m"), Duration.ofSeconds(120));
        cluster = new LocalCluster(config, out);

        ClusterState state = cluster.up();

        assertThat(state.processes()).extracting(ClusterState.Entry::service).containsExactly("postgres",
                "metadata-service", "partition-node-1", "partition-node-2", "partition-node-3");
        assertThat(output.toString(StandardCharsets.UTF_8)).containsPattern("gateway +skipped")
                .contains("Strata is up, listening on 127.0.0.1 only").doesNotContain("admin-ui");
        assertThat(ClusterState.read(config.stateFile())).contains(state);
        assertThat(cluster.status()).allMatch(LocalCluster.ProcessStatus::healthy)
                .extracting(LocalCluster.ProcessStatus::nodeId).containsExactly(null, null, 1, 2, 3);
        String node2Log = Files.readString(config.logFile("partition-node-2"));
        assertThat(node2Log).contains("-Dstrata.node.id=2", "-Dquarkus.http.host=127.0.0.1",
                "-Dstrata.node.metadata-url=http://127.0.0.1:" + config.port("metadata-service"),
                "-Dstrata.node.raft.port=" + config.port("partition-node-2-raft"),
                "-Dstrata.node.raft.members=1@127.0.0.1:" + config.port("partition-node-1-raft")
                        + ",2@127.0.0.1:" + config.port("partition-node-2-raft")
                        + ",3@127.0.0.1:" + config.port("partition-node-3-raft"));
        assertThatThrownBy(cluster::up).isInstanceOf(ClusterException.class).hasMessageContaining("already running");

        JsonNode json = statusJson(config.dataDir());
        assertThat(json).hasSize(5);
        assertThat(json.get(0).has("node_id")).isFalse();
        assertThat(json.get(2).get("node_id").asInt()).isEqualTo(1);
        assertThat(json.get(2).get("url").asText()).isEqualTo("http://127.0.0.1:" + config.port("partition-node-1"));
        assertThat(json.get(4).get("healthy").asBoolean()).isTrue();
        assertThat(json.get(0).get("pid").asLong()).isEqualTo(state.processes().get(0).pid());

        assertThat(cluster.down()).isEqualTo(5);
        cluster = null;

        assertThat(config.stateFile()).doesNotExist();
        assertThat(state.processes()).allMatch(e -> ProcessHandle.of(e.pid()).isEmpty());
        assertThat(PostmasterPidFile.runningPostmaster(config.postgresDataDir())).isEmpty();
    }

    @Test
    void theAdminUiStartsAfterTheGatewayAndIsToldWhereItIs() {
        ClusterConfig config = new ClusterConfig(root, root.resolve("data"),
                ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), Map.of("gateway", "18080")),
                List.of(), Duration.ofSeconds(10));
        ClusterService adminUi = LocalCluster.SERVICES.stream().filter(s -> s.name().equals("admin-ui")).findFirst().orElseThrow();
        ClusterService gateway = LocalCluster.SERVICES.stream().filter(s -> s.name().equals("gateway")).findFirst().orElseThrow();

        assertThat(adminUi.stage()).isGreaterThan(gateway.stage());
        assertThat(new LocalCluster(config, out).spec(adminUi).systemProperties())
                .containsEntry("quarkus.http.port", "8083")
                .containsEntry("strata.admin-ui.gateway", "http://127.0.0.1:18080");
    }

    private static JsonNode statusJson(Path dataDir) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        int code = StrataCli.run(new String[] {"status", "--json", "--data-dir", dataDir.toString()}, Map.of(),
                new PrintStream(json, true, StandardCharsets.UTF_8), System.err);
        assertThat(code).isZero();
        return ClusterState.JSON.readTree(json.toString(StandardCharsets.UTF_8));
    }
}
