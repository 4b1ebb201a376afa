package io.strata.client.config;

import io.strata.client.connection.GatewayAddress;

import java.util.List;

/** The settings every client reads the same way: where the gateways are. */
final class ConnectionSettings {

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

    private ConnectionSettings() {
    }

    static List<GatewayAddress> bootstrapServers(ConfigValues values) {
        return GatewayAddress.parseList(values.requiredString(BOOTSTRAP_SERVERS,
                "host:port[,host:port] of the Strata gateway(s), e.g. localhost:8080"));
    }
}
