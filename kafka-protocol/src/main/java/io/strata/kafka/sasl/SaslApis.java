package io.strata.kafka.sasl;

import io.strata.kafka.api.KafkaApiHandler;

import java.util.List;

/**
 * The SASL APIs of a listener that requires authentication: SaslHandshake v0–v1 and SaslAuthenticate
 * v0–v2 with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (whichever {@link SaslAuthenticator} enables).
 * A listener without SASL registers neither, as before.
 */
public final class SaslApis {

    private SaslApis() {
    }

    public static List<KafkaApiHandler> handlers(SaslAuthenticator authenticator) {
        return List.of(new SaslHandshakeHandler(authenticator), new SaslAuthenticateHandler());
    }
}
