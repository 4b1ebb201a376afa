package io.strata.kafka.sasl;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.Reply;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The SASL exchange after SaslHandshake v0 (Kafka 0.10 to 0.11 clients, and librdkafka's probe):
 * each frame the client sends is a bare SASL token, not a Kafka request, and each answer a bare
 * token in a 4-byte length frame, until the exchange completes; a failure closes the connection
 * without an answer (v0 has no way to carry an error). Stateless: the exchange is the session's.
 */
public final class RawSaslTokens {

    private static final Logger LOG = Logger.getLogger(RawSaslTokens.class);

    private RawSaslTokens() {
    }

    /** Whether the next frame of {@code session} is a bare token rather than a request. */
    public static boolean expected(ClientSession session) {
        return session.principal().isEmpty() && session.saslServer().isPresent() && session.rawSaslTokens();
    }

    /** Evaluates one bare token; the reply is the bare answer, or a close when the exchange failed. */
    public static CompletionStage<Reply> answer(ByteBuffer frame, ClientSession session) {
        byte[] token = new byte[frame.remaining()];
        frame.get(token);
        return session.saslServer().orElseThrow().evaluate(token).handle((step, failure) -> {
            if (failure != null) {
                Throwable cause = AuthenticationFailure.unwrap(failure);
                String reason = cause instanceof AuthenticationFailure refused ? refused.reason() : cause.toString();
                LOG.infof("connection %s from %s: authentication failed: %s", session.connectionId(), session.remote(), reason);
                return Reply.close("SASL authentication (SaslHandshake v0) failed");
            }
            step.authenticatedUser().ifPresent(user -> session.authenticate("User:" + user));
            ByteBuffer answer = ByteBuffer.allocate(4 + step.challenge().length);
            answer.putInt(step.challenge().length).put(step.challenge()).flip();
            return Reply.send(answer);
        });
    }
}
