package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;
import io.strata.api.scram.PasswordCheck;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The server side of SASL/PLAIN (RFC 4616): one token {@code [authzid] NUL authcid NUL passwd},
 * UTF-8, checked against the user's stored SCRAM credential by {@link PasswordCheck} (the
 * gateway's HTTP Basic check is the same). The derivation costs thousands of HMACs, so it runs on
 * {@code derivation} (a worker pool), never on an event loop; an unknown user costs and answers the
 * same as a wrong password. Messages are Kafka's.
 *
 * <p>One token, one answer; the state is volatile for the thread hop.
 */
final class PlainServer implements SaslServer {

    static final String INVALID_CREDENTIALS = "Authentication failed: Invalid username or password";

    private final CredentialCache credentials;
    private final PasswordCheck passwords;
    private final Executor derivation;
    private volatile boolean used;

    PlainServer(CredentialCache credentials, DecoyKeys decoys, Executor derivation) {
        this.credentials = credentials;
        this.passwords = new PasswordCheck(decoys);
        this.derivation = derivation;
    }

    /** The three parts of a PLAIN token. */
    record Credentials(String authzid, String user, String password) {
        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    /** Parses a PLAIN token; the failure's message is fit for the client (Kafka's wording). */
    static Credentials parse(byte[] token) {
        String[] parts = new String(token, StandardCharsets.UTF_8).split("\u0000", -1);
        if (parts.length != 3) {
            throw new AuthenticationFailure("Invalid SASL/PLAIN response: expected 3 tokens, got " + parts.length,
                    "PLAIN: a token of " + parts.length + " parts");
        }
        if (parts[1].isEmpty()) {
            throw new AuthenticationFailure("Authentication failed: username not specified", "PLAIN: no user name");
        }
        if (parts[2].isEmpty()) {
            throw new AuthenticationFailure("Authentication failed: password not specified", "PLAIN: no password for " + parts[1]);
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            throw new AuthenticationFailure("Authentication failed: Client requested an authorization id that is different from username",
                    "PLAIN: authorization id " + parts[0] + " differs from user " + parts[1]);
        }
        return new Credentials(parts[0], parts[1], parts[2]);
    }

    @Override
    public CompletionStage<Step> evaluate(byte[] token) {
        if (used) {
            return CompletableFuture.failedFuture(new AuthenticationFailure(INVALID_CREDENTIALS, "PLAIN: a second token"));
        }
        used = true;
        Credentials given;
        try {
            given = parse(token);
        } catch (AuthenticationFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        return credentials.keysOf(given.user()).thenApplyAsync(byAlgorithm -> check(given, byAlgorithm), derivation);
    }

    private Step check(Credentials given, Map<ScramAlgorithm, ScramKeys> byAlgorithm) {
        PasswordCheck.Outcome outcome = passwords.check(given.user(), given.password(), byAlgorithm);
        if (outcome != PasswordCheck.Outcome.ACCEPTED) {
            throw new AuthenticationFailure(INVALID_CREDENTIALS, "PLAIN: " + (outcome == PasswordCheck.Outcome.UNKNOWN_USER
                    ? "unknown user " : "wrong password of user ") + given.user());
        }
        return Step.done(new byte[0], given.user());
    }
}
