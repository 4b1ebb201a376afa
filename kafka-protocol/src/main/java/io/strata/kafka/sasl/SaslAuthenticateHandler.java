package io.strata.kafka.sasl;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * SaslAuthenticate v0–v2: one client token of the exchange SaslHandshake started, answered with
 * the server's token. When the exchange completes the connection's principal becomes
 * {@code User:<name>}. A failed exchange answers SASL_AUTHENTICATION_FAILED with a message that
 * names nothing secret (Kafka's wording: kafka-clients raise it as
 * {@code SaslAuthenticationException}), logs why at INFO, and the dispatcher closes the
 * connection after the answer. A token without a handshake, or after authentication, gets
 * ILLEGAL_SASL_STATE. The session lifetime is 0: re-authentication (KIP-368) is not offered, so
 * a connection stays authenticated until it closes. Stateless.
 */
final class SaslAuthenticateHandler implements KafkaApiHandler {

    private static final Logger LOG = Logger.getLogger(SaslAuthenticateHandler.class);

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_AUTHENTICATE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        SaslAuthenticateRequestData data = request.data();
        ClientSession session = request.session();
        if (session.principal().isPresent()) {
            return illegal("SaslAuthenticate request received after successful authentication");
        }
        Optional<SaslServer> server = session.saslServer();
        if (server.isEmpty()) {
            return illegal("SaslAuthenticate request received before SaslHandshake chose a mechanism");
        }
        return server.get().evaluate(data.authBytes()).handle((step, failure) -> {
            if (failure != null) {
                return failed(session, failure);
            }
            step.authenticatedUser().ifPresent(user -> {
                session.authenticate("User:" + user);
                LOG.debugf("connection %s from %s authenticated as User:%s", session.connectionId(), session.remote(), user);
            });
            return new SaslAuthenticateResponseData().setErrorCode(Errors.NONE.code()).setAuthBytes(step.challenge())
                    .setSessionLifetimeMs(0);
        });
    }

    private static ApiMessage failed(ClientSession session, Throwable failure) {
        Throwable cause = AuthenticationFailure.unwrap(failure);
        if (cause instanceof AuthenticationFailure refused) {
            LOG.infof("connection %s from %s: authentication failed: %s", session.connectionId(), session.remote(), refused.reason());
            return new SaslAuthenticateResponseData().setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                    .setErrorMessage(refused.getMessage()).setAuthBytes(new byte[0]);
        }
        // The credentials could not be read (metadata service unreachable): the client may retry,
        // so not SASL_AUTHENTICATION_FAILED (fatal for kafka-clients) but a retriable error.
        LOG.warnf("connection %s from %s: cannot authenticate now: %s", session.connectionId(), session.remote(), cause.toString());
        throw new CompletionException(cause);
    }

    private static CompletionStage<ApiMessage> illegal(String message) {
        return CompletableFuture.completedFuture(new SaslAuthenticateResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                .setErrorMessage(message).setAuthBytes(new byte[0]));
    }
}
