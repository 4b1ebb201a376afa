package io.strata.client.connection;

import io.grpc.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password the client sends to the gateway on every call, as the gRPC header
 * {@code authorization: Basic base64(user:password)} (the gateway checks it against the user's
 * SCRAM credential, as the Kafka listener's SASL/PLAIN does). Without TLS the password crosses
 * the network readable: use it with a TLS gateway. {@link #toString()} names the user only.
 * Immutable.
 */
public record GatewayCredentials(String user, String password) {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    public GatewayCredentials {
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a user name must be non-empty and hold no ':', got '" + user + "'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password of " + user + " is empty");
        }
    }

    /** The value of the {@code authorization} header. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "GatewayCredentials[user=" + user + "]";
    }
}
