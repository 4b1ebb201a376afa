package io.strata.deploy.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GatewayCli.run(args, Map.of(), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void helpPrintsEveryVerbAndTheExitCodes() {
        assertThat(run("topic", "--help")).isZero();
        assertThat(out.toString()).contains("topic create NAME", "produce TOPIC", "consume TOPIC", "group reset GROUP",
                "cluster info", "3 gateway unreachable");
    }

    @Test
    void aWrongCommandLineIsAUsageErrorNamingWhatIsWrong() {
        assertThat(run("topic", "create", "t", "--partitons", "3", "--gateway", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("strata topic: unknown option '--partitons'");
        assertThat(run("group", "frobnicate", "--gateway", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(run("consume", "t", "-f", "%q", "--gateway", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(run("cluster", "info", "--gateway", "ftp://nowhere")).isEqualTo(2);
    }

    @Test
    void noGatewayAtTheAddressIsExitCodeThree() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(run("cluster", "info", "--gateway=127.0.0.1:" + port)).isEqualTo(3);
        assertThat(err.toString()).contains("no gateway answers at http://127.0.0.1:" + port);
    }
}
