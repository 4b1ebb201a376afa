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
 * An https gateway is trusted through {@link #caFile}. Pure apart from reading the file system.
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
        Optional<String> running = ClusterState.read(dataDir(env, root).resolve("cluster.json")).flatMap(state -> state.processes().stream()
                .filter(p -> p.service().equals("gateway")).map(ClusterState.Entry::url).findFirst());
        if (running.isPresent()) {
            return parse(running.get());
        }
        String port = env.getOrDefault(ClusterPorts.envName("gateway"), "8080");
        return parse("http://127.0.0.1:" + port);
    }

    /**
     * The CA an https gateway is checked against: {@code STRATA_TLS_CA_FILE}, else the local
     * secure cluster's ({@code <data dir>/tls/ca.crt}) when it exists; empty: the JDK's default trust.
     */
    public static Optional<Path> caFile(Map<String, String> env, Path root) {
        String given = env.get("STRATA_TLS_CA_FILE");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given));
        }
        Path local = dataDir(env, root).resolve("tls").resolve("ca.crt");
        return java.nio.file.Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static Path dataDir(Map<String, String> env, Path root) {
        String dataDir = env.get("STRATA_DATA_DIR");
        Path callerDir = Path.of(env.getOrDefault("STRATA_CALLER_DIR", "")).toAbsolutePath();
        return dataDir == null || dataDir.isBlank() ? root.resolve("data") : callerDir.resolve(dataDir);
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
