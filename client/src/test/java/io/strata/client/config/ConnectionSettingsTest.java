package io.strata.client.config;

import io.strata.api.scram.BasicAuthorization;
import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConnectionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutSecuritySettingsTheChannelsArePlaintextAndAnonymous() {
        AdminConfig config = AdminConfig.of(Map.of("bootstrap.servers", "localhost:8080"));
        assertThat(config.security().credentials()).isEmpty();
        assertThat(config.security().tlsCaFile()).isEmpty();
    }

    @Test
    void credentialsAreReadIntoOneBasicAuthorization() {
        ProducerConfig config = ProducerConfig.of(Map.of("bootstrap.servers", "localhost:8080",
                "security.username", "alice", "security.password", "s3cret"));
        assertThat(config.security().credentials()).contains(new BasicAuthorization("alice", "s3cret"));
        assertThat(config.security().toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingCaFileFailsAtCreationNamingTheSetting() {
        Path missing = dir.resolve("no-such-ca.pem");
        assertInvalid(Map.of("bootstrap.servers", "localhost:8080", "security.tls.ca-file", missing.toString()),
                "security.tls.ca-file " + missing + " is not a readable file");
    }

    @Test
    void aCaFileWithoutACertificateFailsAtCreationNamingTheSetting() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertInvalid(Map.of("bootstrap.servers", "localhost:8080", "security.tls.ca-file", empty.toString()),
                "security.tls.ca-file " + empty + " holds no PEM certificate");
    }

    @Test
    void aUserWithoutAPasswordIsRefused() {
        assertInvalid(Map.of("bootstrap.servers", "localhost:8080", "security.username", "alice"),
                "security.username and security.password go together: security.password is missing");
    }

    private static void assertInvalid(Map<String, Object> config, String message) {
        StrataClientException refused = catchThrowableOfType(() -> ConsumerConfig.of(withGroup(config)), StrataClientException.class);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(refused).hasMessageContaining(message);
    }

    private static Map<String, Object> withGroup(Map<String, Object> config) {
        Map<String, Object> withGroup = new HashMap<>(config);
        withGroup.put("group.id", "g");
        return withGroup;
    }
}
