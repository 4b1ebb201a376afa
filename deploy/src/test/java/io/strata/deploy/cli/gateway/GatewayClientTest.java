package io.strata.deploy.cli.gateway;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayClientTest {

    @Test
    void anErrorShowsTheProblemsDetailAndCode() {
        byte[] problem = ("{\"type\":\"urn:strata:error:UNKNOWN_TOPIC_OR_PARTITION\",\"status\":404,"
                + "\"detail\":\"topic 'nope' does not exist\",\"error_code\":\"UNKNOWN_TOPIC_OR_PARTITION\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(GatewayClient.problem(404, problem)).isEqualTo("topic 'nope' does not exist (UNKNOWN_TOPIC_OR_PARTITION)");
        assertThat(GatewayClient.problem(502, "Bad Gateway".getBytes(StandardCharsets.UTF_8))).isEqualTo("HTTP 502: Bad Gateway");
    }

    @Test
    void statusesMapToExitCodesInOneTable() {
        assertThat(ExitCode.ofHttpStatus(404)).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(ExitCode.ofHttpStatus(409)).isEqualTo(ExitCode.CONFLICT);
        assertThat(ExitCode.ofHttpStatus(400)).isEqualTo(ExitCode.REFUSED);
        assertThat(ExitCode.ofHttpStatus(413)).isEqualTo(ExitCode.REFUSED);
        assertThat(ExitCode.ofHttpStatus(503)).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aPortWithoutAGatewayIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + port + "/"));
        assertThatThrownBy(() -> client.get("admin/cluster")).isInstanceOf(CliException.class)
                .hasMessageContaining("no gateway answers at http://127.0.0.1:" + port)
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.UNREACHABLE);
    }

    @Test
    void theAddressComesFromTheFlagTheEnvironmentTheRunningClusterOrTheDefaultPort(@TempDir Path root) throws Exception {
        assertThat(GatewayAddress.resolve(Optional.of("gw:9999"), Map.of("STRATA_GATEWAY", "http://x:1"), root))
                .isEqualTo(URI.create("http://gw:9999/"));
        assertThat(GatewayAddress.resolve(Optional.empty(), Map.of("STRATA_GATEWAY", "http://x:1"), root))
                .isEqualTo(URI.create("http://x:1/"));
        assertThat(GatewayAddress.resolve(Optional.empty(), Map.of("STRATA_PORT_GATEWAY", "18080"), root))
                .isEqualTo(URI.create("http://127.0.0.1:18080/"));
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/cluster.json"), "{\"data_dir\":\"" + root + "/data\",\"processes\":["
                + "{\"service\":\"gateway\",\"pid\":1,\"url\":\"http://127.0.0.1:18181\"}]}");
        assertThat(GatewayAddress.resolve(Optional.empty(), Map.of(), root)).isEqualTo(URI.create("http://127.0.0.1:18181/"));
        assertThatThrownBy(() -> GatewayAddress.parse("ftp://x")).isInstanceOf(CliException.class)
                .hasMessageContaining("is not a URL like http://127.0.0.1:8080");
    }
}
