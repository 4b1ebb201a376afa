package io.strata.kafka.sasl;

import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SaslHandshake v0–v1: the client names its mechanism; the answer lists the enabled ones. A
 * mechanism not enabled gets UNSUPPORTED_SASL_MECHANISM, a second handshake on one connection (or
 * one after authentication) ILLEGAL_SASL_STATE; both close the connection after the answer, as
 * Kafka does (the dispatcher closes after any failed SASL answer). After v1 the tokens come in
 * SaslAuthenticate requests; after v0 (clients before Kafka 1.0) as bare frames
 * ({@link RawSaslTokens}). v0 must be advertised even for v1 clients: librdkafka refuses SASL
 * with a broker whose SaslHandshake range lacks v0. Stateless (the exchange lives in the
 * {@link ClientSession}).
 */
final class SaslHandshakeHandler implements KafkaApiHandler {

    private static final Logger LOG = Logger.getLogger(SaslHandshakeHandler.class);

    private final SaslAuthenticator authenticator;

    SaslHandshakeHandler(SaslAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        SaslHandshakeRequestData data = request.data();
        ClientSession session = request.session();
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(authenticator.enabledNames());
        if (session.principal().isPresent() || session.saslServer().isPresent()) {
            LOG.infof("connection %s from %s: a second SaslHandshake", session.connectionId(), session.remote());
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        var server = authenticator.serverFor(data.mechanism());
        if (server.isEmpty()) {
            LOG.infof("connection %s from %s asked for SASL mechanism %s; enabled: %s", session.connectionId(), session.remote(),
                    data.mechanism(), authenticator.enabledNames());
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()));
        }
        session.beginSasl(server.get(), request.version() == 0);
        return CompletableFuture.completedFuture(response.setErrorCode(Errors.NONE.code()));
    }
}
