package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;
import io.strata.api.scram.ScramAlgorithm;
import io.strata.api.scram.ScramKeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The server side of SASL/SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), as Kafka's
 * clients speak it. States, one owner (this), legal moves only forward:
 * <pre>
 *   CLIENT_FIRST  --client-first--> CLIENT_FINAL  --client-final, proof checks--> COMPLETE
 *        \                              \
 *         `-- anything wrong ------------`-----------------------------------------> FAILED
 * </pre>
 * The proof is checked as a server must: ClientSignature = HMAC(StoredKey, AuthMessage),
 * ClientKey = proof XOR ClientSignature, and H(ClientKey) compared with StoredKey in constant
 * time. An unknown user gets decoy keys ({@link DecoyKeys}) and fails at the same step as a wrong
 * password, with the same message (Kafka's), which names neither.
 *
 * <p>Thread-safety: tokens come one at a time (the client waits for each answer); the state is
 * volatile so a token evaluated on another thread than the previous one sees it.
 */
final class ScramServer implements SaslServer {

    private enum State { CLIENT_FIRST, CLIENT_FINAL, COMPLETE, FAILED }

    private static final int SERVER_NONCE_BYTES = 24;

    private final ScramAlgorithm algorithm;
    private final CredentialCache credentials;
    private final DecoyKeys decoys;
    private final Supplier<String> serverNonces;
    private final String failureMessage;
    private volatile State state = State.CLIENT_FIRST;
    private volatile ScramMessages.ClientFirst clientFirst;
    private volatile String serverFirst;
    private volatile String nonce;
    private volatile ScramKeys keys;
    private volatile boolean knownUser;

    ScramServer(ScramAlgorithm algorithm, CredentialCache credentials, DecoyKeys decoys, SecureRandom random) {
        this(algorithm, credentials, decoys, () -> randomNonce(random));
    }

    /** With the server nonces given (a test replays RFC 7677's exchange). */
    ScramServer(ScramAlgorithm algorithm, CredentialCache credentials, DecoyKeys decoys, Supplier<String> serverNonces) {
        this.algorithm = algorithm;
        this.credentials = credentials;
        this.decoys = decoys;
        this.serverNonces = serverNonces;
        this.failureMessage = "Authentication failed during authentication due to invalid credentials with SASL mechanism "
                + algorithm.mechanismName();
    }

    @Override
    public CompletionStage<Step> evaluate(byte[] token) {
        try {
            return switch (state) {
                case CLIENT_FIRST -> onClientFirst(token);
                case CLIENT_FINAL -> CompletableFuture.completedFuture(onClientFinal(token));
                case COMPLETE, FAILED -> throw fail("a token after the exchange " + state.name().toLowerCase(java.util.Locale.ROOT));
            };
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(fail(e.getMessage()));
        } catch (AuthenticationFailure e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Step> onClientFirst(byte[] token) {
        ScramMessages.ClientFirst first = ScramMessages.clientFirst(token);
        if (first.tokenAuth()) {
            throw fail("a delegation-token login (tokenauth=true): delegation tokens are not supported");
        }
        if (first.authzid().isPresent() && !first.authzid().get().equals(first.user())) {
            throw fail("authorization id " + first.authzid().get() + " differs from user " + first.user());
        }
        clientFirst = first;
        return credentials.keysOf(first.user()).thenApply(byAlgorithm -> {
            ScramKeys found = byAlgorithm.get(algorithm);
            knownUser = found != null;
            keys = found != null ? found : decoys.of(first.user(), algorithm);
            nonce = first.nonce() + serverNonces.get();
            serverFirst = ScramMessages.serverFirst(nonce, keys.salt(), keys.iterations());
            state = State.CLIENT_FINAL;
            return Step.challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        });
    }

    private Step onClientFinal(byte[] token) {
        ScramMessages.ClientFinal last = ScramMessages.clientFinal(token);
        ScramMessages.ClientFirst first = clientFirst;
        if (!MessageDigest.isEqual(last.channelBinding(), first.gs2Header().getBytes(StandardCharsets.UTF_8))) {
            throw fail("the channel binding (c=) is not the client's own gs2 header");
        }
        // endsWith, as Kafka's broker checks: librdkafka sends its client nonce twice (cnonce +
        // cnonce + snonce). The AuthMessage holds the nonce as sent, so the proof still binds it.
        if (!last.nonce().endsWith(nonce)) {
            throw fail("the nonce of the final message is not the exchange's");
        }
        byte[] authMessage = (first.bare() + "," + serverFirst + "," + last.withoutProof()).getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = keys.storedKey();
        byte[] clientSignature = algorithm.hmac(storedKey, authMessage);
        if (last.proof().length != clientSignature.length) {
            throw fail("the proof has " + last.proof().length + " bytes, not " + clientSignature.length);
        }
        byte[] clientKey = new byte[clientSignature.length];
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] = (byte) (last.proof()[i] ^ clientSignature[i]);
        }
        boolean proofMatches = keys.storedKeyEquals(algorithm.hash(clientKey));
        if (!proofMatches || !knownUser) {
            throw fail(knownUser ? "wrong password of user " + first.user() : "unknown user " + first.user());
        }
        state = State.COMPLETE;
        byte[] serverSignature = algorithm.hmac(keys.serverKey(), authMessage);
        return Step.done(ScramMessages.serverFinal(serverSignature).getBytes(StandardCharsets.UTF_8), first.user());
    }

    /** Printable, without ',': base64url of random bytes. */
    private static String randomNonce(SecureRandom random) {
        byte[] bytes = new byte[SERVER_NONCE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private AuthenticationFailure fail(String reason) {
        state = State.FAILED;
        return new AuthenticationFailure(failureMessage, algorithm.mechanismName() + ": " + reason);
    }
}
