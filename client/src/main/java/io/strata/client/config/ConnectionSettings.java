package io.strata.client.config;

import io.strata.api.scram.BasicAuthorization;
import io.strata.client.connection.GatewayAddress;
import io.strata.client.connection.GatewaySecurity;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The settings every client reads the same way: where the gateways are, and how to reach them securely. */
final class ConnectionSettings {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String USERNAME = "security.username";
    static final String PASSWORD = "security.password";
    static final String TLS_CA_FILE = GatewaySecurity.TLS_CA_FILE;

    private ConnectionSettings() {
    }

    static List<GatewayAddress> bootstrapServers(ConfigValues values) {
        return GatewayAddress.parseList(values.requiredString(BOOTSTRAP_SERVERS,
                "host:port[,host:port] of the Strata gateway(s), e.g. localhost:8080"));
    }

    /** TLS and credentials towards the gateways; a named CA file that is unreadable or holds no certificate fails here. */
    static GatewaySecurity security(ConfigValues values) {
        Optional<BasicAuthorization> credentials = credentials(values);
        String caFile = values.string(TLS_CA_FILE, "");
        if (caFile.isEmpty()) {
            return new GatewaySecurity(credentials, Optional.empty());
        }
        GatewaySecurity security = new GatewaySecurity(credentials, Optional.of(Path.of(caFile)));
        try {
            security.channelCredentials();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw ConfigValues.invalid(e.getMessage());
        }
        return security;
    }

    /** The user and password sent to a gateway that requires authentication; both or neither. */
    private static Optional<BasicAuthorization> credentials(ConfigValues values) {
        String user = values.string(USERNAME, "");
        String password = values.string(PASSWORD, "");
        if (user.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        if (user.isEmpty() || password.isEmpty()) {
            throw ConfigValues.invalid(USERNAME + " and " + PASSWORD + " go together: " + (user.isEmpty() ? USERNAME : PASSWORD)
                    + " is missing");
        }
        try {
            return Optional.of(new BasicAuthorization(user, password));
        } catch (IllegalArgumentException e) {
            throw ConfigValues.invalid(USERNAME + ": " + e.getMessage());
        }
    }
}
