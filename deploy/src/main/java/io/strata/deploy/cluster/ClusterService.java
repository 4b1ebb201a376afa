package io.strata.deploy.cluster;

import java.util.Map;
import java.util.function.Function;

/**
 * One process of the local cluster: its name (also its log file name and port name), the Maven
 * module whose {@code quarkus-run.jar} it runs (null for the embedded PostgreSQL), its partition
 * node id (null for other services), its start stage (all services of a stage start together and
 * must be healthy before the next stage starts) and its service-specific system properties.
 *
 * @param properties the {@code -D} properties beyond {@code quarkus.http.port}, computed from the
 *                   cluster's configuration (ports, directories)
 */
public record ClusterService(String name, String module, Integer nodeId, int stage,
                             Function<ClusterConfig, Map<String, String>> properties) {

    /** The embedded PostgreSQL process; always stage 0. */
    public static final String POSTGRES = "postgres";

    /** A Quarkus service of {@code module}, named after it. */
    public static ClusterService quarkus(String module, int stage, Function<ClusterConfig, Map<String, String>> properties) {
        return new ClusterService(module, module, null, stage, properties);
    }

    static ClusterService postgres() {
        return new ClusterService(POSTGRES, null, null, 0, config -> Map.of());
    }

    public boolean isPostgres() {
        return module == null;
    }
}
