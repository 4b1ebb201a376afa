package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.kafka.testing.InMemoryCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class PlainServerTest {

    private final InMemoryCredentials store = new InMemoryCredentials();
    private final CredentialCache cache = new CredentialCache(user -> store.describe(java.util.List.of(user), true), Duration.ofSeconds(10), 100, System::nanoTime);
    private final DecoyKeys decoys = new DecoyKeys(new SecureRandom());

    private static byte[] token(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private SaslServer server() {
        return new PlainServer(cache, decoys, Runnable::run);
    }

    private AuthenticationFailure failure(String token) {
        Throwable thrown = catchThrowable(() -> server().evaluate(token(token)).toCompletableFuture().join());
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(AuthenticationFailure.class);
        return (AuthenticationFailure) thrown.getCause();
    }

    @Test
    void parsesKafkasLayouts() {
        PlainServer.Credentials anonymousAuthzid = PlainServer.parse(token("\u0000alice\u0000secret"));
        assertThat(anonymousAuthzid.user()).isEqualTo("alice");
        assertThat(anonymousAuthzid.password()).isEqualTo("secret");
        assertThat(PlainServer.parse(token("alice\u0000alice\u0000secret")).authzid()).isEqualTo("alice");
        assertThat(anonymousAuthzid.toString()).doesNotContain("secret");
    }

    @Test
    void refusesMalformedTokensWithKafkasMessages() {
        assertThatThrownBy(() -> PlainServer.parse(token("alice\u0000secret"))).isInstanceOf(AuthenticationFailure.class)
                .hasMessage("Invalid SASL/PLAIN response: expected 3 tokens, got 2");
        assertThatThrownBy(() -> PlainServer.parse(token("\u0000\u0000secret")))
                .hasMessage("Authentication failed: username not specified");
        assertThatThrownBy(() -> PlainServer.parse(token("\u0000alice\u0000")))
                .hasMessage("Authentication failed: password not specified");
        assertThatThrownBy(() -> PlainServer.parse(token("admin\u0000alice\u0000secret")))
                .hasMessage("Authentication failed: Client requested an authorization id that is different from username");
    }

    @Test
    void checksThePasswordAgainstTheStoredScramCredential() {
        byte[] salt = "pepper".getBytes(StandardCharsets.UTF_8);
        store.put("alice", ScramAlgorithm.SCRAM_SHA_512.keysOfPassword("alice-secret", salt, 4096));
        SaslServer.Step ok = server().evaluate(token("\u0000alice\u0000alice-secret")).toCompletableFuture().join();
        assertThat(ok.authenticatedUser()).contains("alice");
        assertThat(ok.challenge()).isEmpty();

        store.put("alice", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("newer-secret", salt, 4096));
        cache.invalidate("alice");
        assertThat(server().evaluate(token("\u0000alice\u0000newer-secret")).toCompletableFuture().join().authenticatedUser())
                .as("SCRAM-SHA-256's credential is preferred").contains("alice");

        AuthenticationFailure wrong = failure("\u0000alice\u0000alice-secret");
        assertThat(wrong).hasMessage("Authentication failed: Invalid username or password");
        assertThat(wrong.reason()).isEqualTo("PLAIN: wrong password of user alice");
        AuthenticationFailure unknown = failure("\u0000bob\u0000whatever");
        assertThat(unknown).hasMessage("Authentication failed: Invalid username or password");
        assertThat(unknown.reason()).isEqualTo("PLAIN: unknown user bob");
        assertThat(wrong.reason() + unknown.reason()).doesNotContain("secret", "whatever");
    }
}
