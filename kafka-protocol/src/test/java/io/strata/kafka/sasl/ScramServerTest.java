package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;

import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;
import io.strata.kafka.testing.InMemoryCredentials;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ScramServerTest {

    // RFC 7677 §3: user "user", password "pencil".
    private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String RFC_SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String RFC_CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String RFC_SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String RFC_CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String RFC_SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    private static final String FAILED_256 =
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";

    private final InMemoryCredentials store = new InMemoryCredentials();
    private final CredentialCache cache = new CredentialCache(user -> store.describe(java.util.List.of(user), true), Duration.ofSeconds(10), 100, System::nanoTime);
    private final DecoyKeys decoys = new DecoyKeys(new SecureRandom());

    private ScramServer server(ScramAlgorithm algorithm) {
        return new ScramServer(algorithm, cache, decoys, () -> RFC_SERVER_NONCE);
    }

    private static SaslServer.Step step(SaslServer server, String token) {
        return server.evaluate(token.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().join();
    }

    private static String text(SaslServer.Step step) {
        return new String(step.challenge(), StandardCharsets.UTF_8);
    }

    private static AuthenticationFailure failure(SaslServer server, String token) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> step(server, token));
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(AuthenticationFailure.class);
        return (AuthenticationFailure) thrown.getCause();
    }

    /** A client's proof, base64: ClientKey XOR HMAC(StoredKey, AuthMessage). */
    private static String proof(ScramAlgorithm algorithm, byte[] saltedPassword, byte[] authMessage) {
        byte[] clientKey = algorithm.clientKey(saltedPassword);
        byte[] signature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        return Base64.getEncoder().encodeToString(proof);
    }

    @Test
    void replaysTheExchangeOfRfc7677() {
        store.put("user", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("pencil", RFC_SALT, 4096));
        ScramServer server = server(ScramAlgorithm.SCRAM_SHA_256);

        SaslServer.Step first = step(server, RFC_CLIENT_FIRST);
        assertThat(text(first)).isEqualTo(RFC_SERVER_FIRST);
        assertThat(first.authenticatedUser()).isEmpty();

        SaslServer.Step last = step(server, RFC_CLIENT_FINAL);
        assertThat(text(last)).isEqualTo(RFC_SERVER_FINAL);
        assertThat(last.authenticatedUser()).contains("user");

        assertThat(failure(server, RFC_CLIENT_FINAL).reason()).contains("a token after the exchange complete");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAtTheSameStepWithTheSameMessage() {
        store.put("user", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("not-pencil", RFC_SALT, 4096));
        ScramServer wrongPassword = server(ScramAlgorithm.SCRAM_SHA_256);
        step(wrongPassword, RFC_CLIENT_FIRST);
        AuthenticationFailure wrong = failure(wrongPassword, RFC_CLIENT_FINAL);
        assertThat(wrong).hasMessage(FAILED_256);
        assertThat(wrong.reason()).isEqualTo("SCRAM-SHA-256: wrong password of user user");

        ScramServer unknownUser = server(ScramAlgorithm.SCRAM_SHA_256);
        String decoyFirst = text(step(unknownUser, "n,,n=nobody,r=rOprNGfwEbeRWgbNEkqO"));
        assertThat(decoyFirst).startsWith("r=rOprNGfwEbeRWgbNEkqO" + RFC_SERVER_NONCE + ",s=").endsWith(",i=4096");
        assertThat(text(step(server(ScramAlgorithm.SCRAM_SHA_256), "n,,n=nobody,r=rOprNGfwEbeRWgbNEkqO")))
                .as("the decoy salt is stable per user").isEqualTo(decoyFirst);
        AuthenticationFailure unknown = failure(unknownUser, RFC_CLIENT_FINAL);
        assertThat(unknown).hasMessage(FAILED_256);
        assertThat(unknown.reason()).isEqualTo("SCRAM-SHA-256: unknown user nobody");
        assertThat(wrong.getMessage()).doesNotContain("not-pencil", "pencil", "user");
    }

    @Test
    void aScramSha512ClientLogsInAndTheServerProvesItKnowsTheKey() {
        byte[] salt = "salt-of-alice".getBytes(StandardCharsets.UTF_8);
        store.put("al,i=ce", ScramAlgorithm.SCRAM_SHA_512.keysOfPassword("alice-secret", salt, 8192));
        ScramServer server = server(ScramAlgorithm.SCRAM_SHA_512);
        String clientFirstBare = "n=al=2Ci=3Dce,r=abc";
        String serverFirst = text(step(server, "n,," + clientFirstBare));
        String withoutProof = "c=biws,r=abc" + RFC_SERVER_NONCE;
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        ScramAlgorithm sha512 = ScramAlgorithm.SCRAM_SHA_512;
        byte[] salted = sha512.saltedPassword("alice-secret".getBytes(StandardCharsets.UTF_8), salt, 8192);
        SaslServer.Step last = step(server, withoutProof + ",p=" + proof(sha512, salted, authMessage));
        assertThat(last.authenticatedUser()).contains("al,i=ce");
        assertThat(text(last)).isEqualTo("v=" + Base64.getEncoder().encodeToString(sha512.hmac(sha512.serverKey(salted), authMessage)));
    }

    @Test
    void acceptsLibrdkafkasRepeatedClientNonceAsKafkaDoes() {
        store.put("user", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("pencil", RFC_SALT, 4096));
        ScramServer server = server(ScramAlgorithm.SCRAM_SHA_256);
        String serverFirst = text(step(server, RFC_CLIENT_FIRST));
        String withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO" + "rOprNGfwEbeRWgbNEkqO" + RFC_SERVER_NONCE;
        byte[] authMessage = ("n=user,r=rOprNGfwEbeRWgbNEkqO," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        ScramAlgorithm sha256 = ScramAlgorithm.SCRAM_SHA_256;
        byte[] salted = sha256.saltedPassword("pencil".getBytes(StandardCharsets.UTF_8), RFC_SALT, 4096);
        assertThat(step(server, withoutProof + ",p=" + proof(sha256, salted, authMessage)).authenticatedUser()).contains("user");
    }

    @Test
    void refusesMalformedAndUnsupportedMessagesNamingThePart() {
        store.put("user", ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("pencil", RFC_SALT, 4096));
        assertThat(failure(server(ScramAlgorithm.SCRAM_SHA_256), "p=tls-unique,,n=user,r=abc").reason())
                .contains("channel binding is not supported");
        assertThat(failure(server(ScramAlgorithm.SCRAM_SHA_256), "n,,n=us=er,r=abc").reason()).contains("escapes '='");
        assertThat(failure(server(ScramAlgorithm.SCRAM_SHA_256), "n,,r=abc").reason()).contains("expected n=<user>,r=<nonce>");
        assertThat(failure(server(ScramAlgorithm.SCRAM_SHA_256), "n,,n=user,r=abc,tokenauth=true").reason())
                .contains("delegation tokens are not supported");
        assertThat(failure(server(ScramAlgorithm.SCRAM_SHA_256), "n,a=admin,n=user,r=abc").reason())
                .contains("authorization id admin differs from user user");

        ScramServer badBinding = server(ScramAlgorithm.SCRAM_SHA_256);
        step(badBinding, RFC_CLIENT_FIRST);
        assertThat(failure(badBinding, RFC_CLIENT_FINAL.replace("c=biws", "c=eSws")).reason())
                .contains("channel binding (c=) is not the client's own gs2 header");

        ScramServer badNonce = server(ScramAlgorithm.SCRAM_SHA_256);
        step(badNonce, RFC_CLIENT_FIRST);
        AuthenticationFailure nonce = failure(badNonce, RFC_CLIENT_FINAL.replace("r=rOpr", "r=xOpr"));
        assertThat(nonce.reason()).contains("nonce of the final message");
        assertThat(nonce).hasMessage(FAILED_256);
    }

    @Test
    void aStoredKeyIsNotAPassword() {
        ScramKeys keys = ScramAlgorithm.SCRAM_SHA_256.keysOfPassword("pencil", RFC_SALT, 4096);
        assertThat(keys.toString()).isEqualTo("ScramKeys[SCRAM-SHA-256, 4096 iterations]");
    }
}
