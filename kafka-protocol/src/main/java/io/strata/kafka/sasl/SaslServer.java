package io.strata.kafka.sasl;

import java.util.concurrent.CompletionStage;

/**
 * The server side of one SASL exchange on one connection, one mechanism, fed the client's tokens
 * in order. A token is evaluated only after the previous one's stage completed (the client waits
 * for each answer). Stages fail with {@link AuthenticationFailure}; after a failure or
 * completion no further token is taken.
 */
public interface SaslServer {

    /** The server's answer to one client token. */
    CompletionStage<Step> evaluate(byte[] token);

    /**
     * One answer: the bytes to send back, and the authenticated user name once the exchange is
     * complete (empty while a further client token is expected).
     */
    record Step(byte[] challenge, java.util.Optional<String> authenticatedUser) {

        static Step challenge(byte[] bytes) {
            return new Step(bytes, java.util.Optional.empty());
        }

        static Step done(byte[] bytes, String user) {
            return new Step(bytes, java.util.Optional.of(user));
        }
    }
}
