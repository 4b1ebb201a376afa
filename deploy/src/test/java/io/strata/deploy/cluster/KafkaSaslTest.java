package io.strata.deploy.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSaslTest {

    @TempDir
    Path dataDir;

    @Test
    void aFirstStartMakesAPasswordPrintsItOnceAndNeverAgain() {
        KafkaSasl first = KafkaSasl.prepare(dataDir, Map.of(), new SecureRandom());
        String password = first.newPassword().orElseThrow();
        assertThat(password).hasSize(24);
        assertThat(first.environment("metadata-service")).containsEntry("STRATA_METADATA_SCRAM_BOOTSTRAP_USER", "admin")
                .containsEntry("STRATA_METADATA_SCRAM_BOOTSTRAP_PASSWORD", password);
        assertThat(first.environment("partition-node")).containsOnly(
                Map.entry("STRATA_NODE_KAFKA_SASL_ENABLED_MECHANISMS", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"),
                Map.entry("STRATA_NODE_KAFKA_ACL_ENABLED", "true"), Map.entry("STRATA_NODE_KAFKA_ACL_SUPER_USERS", "User:admin"));
        assertThat(first.environment("gateway")).isEmpty();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        first.announce(dataDir, false, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Kafka user admin, password " + password)
                .contains("Kafka listeners: SASL_PLAINTEXT, mechanisms");

        KafkaSasl again = KafkaSasl.prepare(dataDir, Map.of("STRATA_SASL_ADMIN_PASSWORD", "ignored"), new SecureRandom());
        assertThat(again.newPassword()).isEmpty();
        assertThat(again.environment("metadata-service")).isEmpty();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        again.announce(dataDir, true, new PrintStream(second, true, StandardCharsets.UTF_8));
        assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain(password).contains("earlier ./strata up --sasl")
                .contains("Kafka listeners: SASL_SSL, mechanisms");
    }

    @Test
    void thePasswordMayBeChosen() {
        assertThat(KafkaSasl.prepare(dataDir, Map.of("STRATA_SASL_ADMIN_PASSWORD", "chosen-one"), new SecureRandom()).newPassword())
                .contains("chosen-one");
    }
}
