package io.strata.deploy.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TCP ports of the local cluster, by name. Defaults are the ports of DESIGN.md; each one can be
 * overridden by an environment variable {@code STRATA_PORT_<NAME>} (the name upper-cased, '-' as
 * '_': {@code STRATA_PORT_METADATA_SERVICE=18081}, {@code STRATA_PORT_PARTITION_NODE_2_RAFT=17802})
 * or by a command-line flag {@code --port <name>=<port>}, which wins over the environment.
 *
 * <pre>
 *   name                   default
 *   postgres               5433   (PostgreSQL)
 *   postgres-health        5434   (HTTP readiness of the embedded PostgreSQL process)
 *   metadata-service       8081   (HTTP + gRPC)
 *   partition-node-N       9100+N (HTTP + gRPC), N = 1..3
 *   partition-node-N-raft  7800+N (JGroups)
 *   partition-node-N-kafka 9200+N (Kafka wire protocol)
 *   gateway                8080, group-coordinator 8082, admin-ui 8083
 * </pre>
 *
 * <p>Immutable.
 */
public final class ClusterPorts {

    public static final String ENV_PREFIX = "STRATA_PORT_";

    private final Map<String, Integer> ports;

    private ClusterPorts(Map<String, Integer> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** The defaults for {@code nodeCount} partition nodes. */
    public static Map<String, Integer> defaults(int nodeCount) {
        Map<String, Integer> defaults = new LinkedHashMap<>();
        defaults.put("postgres", 5433);
        defaults.put("postgres-health", 5434);
        defaults.put("gateway", 8080);
        defaults.put("metadata-service", 8081);
        defaults.put("group-coordinator", 8082);
        defaults.put("admin-ui", 8083);
        for (int node = 1; node <= nodeCount; node++) {
            defaults.put(LocalCluster.nodeServiceName(node), 9100 + node);
            defaults.put(LocalCluster.nodeServiceName(node) + "-raft", 7800 + node);
            defaults.put(LocalCluster.nodeServiceName(node) + "-kafka", 9200 + node);
        }
        return defaults;
    }

    /**
     * Defaults, then {@code environment} overrides, then {@code flags} overrides (name → port).
     *
     * @throws IllegalArgumentException for an unknown name or a value that is not a port
     */
    public static ClusterPorts resolve(Map<String, Integer> defaults, Map<String, String> environment,
                                       Map<String, String> flags) {
        Map<String, Integer> ports = new TreeMap<>(defaults);
        for (String name : defaults.keySet()) {
            String value = environment.get(envName(name));
            if (value != null && !value.isBlank()) {
                ports.put(name, parsePort(envName(name), value));
            }
        }
        flags.forEach((name, value) -> {
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown port name '" + name + "'; known: " + defaults.keySet());
            }
            ports.put(name, parsePort("--port " + name, value));
        });
        return new ClusterPorts(ports);
    }

    /** The environment variable that overrides port {@code name}. */
    public static String envName(String name) {
        return ENV_PREFIX + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The port named {@code name}. */
    public int port(String name) {
        Integer port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no port named " + name);
        }
        return port;
    }

    /** All ports by name, sorted by name. */
    public Map<String, Integer> asMap() {
        return new TreeMap<>(ports);
    }

    private static int parsePort(String what, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not a TCP port (1-65535)");
        }
    }
}
