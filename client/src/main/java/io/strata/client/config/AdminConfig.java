package io.strata.client.config;

import io.strata.client.connection.GatewayAddress;
import io.strata.client.connection.GatewaySecurity;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * An admin client's settings, checked:
 *
 * <pre>
 * bootstrap.servers    required  host:port[,host:port] of the gateway(s)
 * security.username  (none)  with security.password: sent to a gateway that requires authentication
 * security.password  (none)  (HTTP Basic credentials in the gRPC authorization header; use TLS)
 * security.tls.ca-file  (none)  PEM file of the CA to trust: the channels speak TLS (plaintext without it)
 * request.timeout.ms   30000     deadline of each admin call (tried on the next gateway when one is unreachable)
 * </pre>
 */
public record AdminConfig(List<GatewayAddress> bootstrapServers, int requestTimeoutMs, GatewaySecurity security) {

    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";

    public static AdminConfig of(Map<String, ?> config) {
        return from(ConfigValues.of(config));
    }

    public static AdminConfig of(Properties config) {
        return from(ConfigValues.of(config));
    }

    public static AdminConfig from(ConfigValues values) {
        return new AdminConfig(ConnectionSettings.bootstrapServers(values),
                values.integer(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE), ConnectionSettings.security(values));
    }
}
