package io.strata.client.config;

import io.strata.client.connection.GatewayCredentials;
import java.util.Optional;
import io.strata.client.connection.GatewayAddress;

import java.util.List;

/** The settings every client reads the same way: where the gateways are. */
final class ConnectionSettings {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String USERNAME = "security.username";
    static final String PASSWORD = "security.password";

    private ConnectionSettings() {
    }

    static List<GatewayAddress> bootstrapServers(ConfigValues values) {
        return GatewayAddress.parseList(values.requiredString(BOOTSTRAP_SERVERS,
                "host:port[,host:port] of the Strata gateway(s), e.g. localhost:8080"));
    }

    /** The user and password sent to a gateway that requires authentication; both or neither. */
    static Optional<GatewayCredentials> credentials(ConfigValues values) {
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
            return Optional.of(new GatewayCredentials(user, password));
        } catch (IllegalArgumentException e) {
            throw ConfigValues.invalid(USERNAME + ": " + e.getMessage());
        }
    }
}
