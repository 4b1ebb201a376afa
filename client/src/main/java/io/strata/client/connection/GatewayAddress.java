package io.strata.client.connection;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;

import java.util.ArrayList;
import java.util.List;

/** host:port of a gateway's gRPC endpoint (its HTTP port: the gateway serves gRPC there). */
public record GatewayAddress(String host, int port) {

    /**
     * Parses {@code bootstrap.servers}: {@code host:port[,host:port…]}; IPv6 hosts in brackets
     * ({@code [::1]:8080}). Refused entries are named in the error.
     */
    public static List<GatewayAddress> parseList(String servers) {
        List<GatewayAddress> addresses = new ArrayList<>();
        for (String entry : servers.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                addresses.add(parse(trimmed));
            }
        }
        if (addresses.isEmpty()) {
            throw invalid("bootstrap.servers must list at least one host:port, got '" + servers + "'");
        }
        return List.copyOf(addresses);
    }

    static GatewayAddress parse(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw invalid("bootstrap.servers entry '" + entry + "' is not host:port");
        }
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid("bootstrap.servers entry '" + entry + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw invalid("bootstrap.servers entry '" + entry + "' has port " + port + ", outside 1-65535");
        }
        return new GatewayAddress(host, port);
    }

    private static StrataClientException invalid(String message) {
        return new StrataClientException(ErrorCode.INVALID_CONFIG, message);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
