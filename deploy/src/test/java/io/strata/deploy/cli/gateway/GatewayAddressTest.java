package io.strata.deploy.cli.gateway;

import io.strata.deploy.tls.LocalCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which CA the gateway verbs check an https gateway against. */
class GatewayAddressTest {

    @TempDir
    Path root;

    @Test
    void theEnvironmentsCaFileWinsThenTheLocalSecureClustersThenNone() throws Exception {
        assertThat(GatewayAddress.caFile(Map.of(), root)).isEmpty();

        Path local = new LocalCertificates(root.resolve("data").resolve("tls")).caFile();
        Files.createDirectories(local.getParent());
        Files.writeString(local, "a CA");
        assertThat(GatewayAddress.caFile(Map.of(), root)).contains(local);

        Path elsewhere = Files.createDirectories(root.resolve("other")).resolve("ca.crt");
        Files.writeString(elsewhere, "another CA");
        assertThat(GatewayAddress.caFile(Map.of("STRATA_TLS_CA_FILE", elsewhere.toString()), root)).contains(elsewhere);
        assertThat(GatewayAddress.caFile(Map.of("STRATA_DATA_DIR", root.resolve("other").toString()), root)).isEmpty();
    }
}
