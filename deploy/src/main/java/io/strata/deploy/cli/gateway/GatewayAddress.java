package io.strata.deploy.cli.gateway;

import io.strata.deploy.cli.CliException;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterState;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway verbs send their calls, first match wins: {@code --gateway URL}; the
 * environment variable {@code STRATA_GATEWAY}; the gateway of the local cluster that
 * {@code ./strata up} started (its URL in {@code <data dir>/cluster.json}, the data dir being
 * {@code STRATA_DATA_DIR} or {@code <project root>/data}); else {@code http://127.0.0.1:<port>}
 * with the port {@code STRATA_PORT_GATEWAY} or 8080. A URL without a scheme gets {@code http://}.
 * Pure apart from reading the state file.
 */
public final class GatewayAddress {

    public static final String ENV = "STRATA_GATEWAY";

    private GatewayAddress() {
    }

    public static URI resolve(Optional<String> flag, Map<String, String> env, Path root) {
        Optional<String> given = flag.or(() -> Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank()));
        if (given.isPresent()) {
            return parse(given.get());
        }
        String dataDir = env.get("STRATA_DATA_DIR");
        Path callerDir = Path.of(env.getOrDefault("STRATA_CALLER_DIR", "")).toAbsolutePath();
        Path data = dataDir == null || dataDir.isBlank() ? root.resolve("data") : callerDir.resolve(dataDir);
        Optional<String> running = ClusterState.read(data.resolve("cluster.json")).flatMap(state -> state.processes().stream()
                .filter(p -> p.service().equals("gateway")).map(ClusterState.Entry::url).findFirst());
        if (running.isPresent()) {
            return parse(running.get());
        }
        String port = env.getOrDefault(ClusterPorts.envName("gateway"), "8080");
        return parse("http://127.0.0.1:" + port);
    }

    /** {@code value} as the gateway's base URL (ending in '/'), refused with a usage error if malformed. */
    public static URI parse(String value) {
        String url = value.contains("://") ? value : "http://" + value;
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("the gateway address '" + value + "' is not a URL like http://127.0.0.1:8080 ("
                    + e.getMessage() + ")");
        }
    }
}
