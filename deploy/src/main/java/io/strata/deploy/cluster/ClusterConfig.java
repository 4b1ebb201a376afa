package io.strata.deploy.cluster;

import io.strata.deploy.postgres.EmbeddedPostgresServer;
import io.strata.deploy.tls.LocalCertificates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything a local cluster is started from: the project root (where the built jars are), the one
 * data directory, the ports, the JVM options of the Quarkus services and how long a stage may take
 * to become healthy.
 *
 * <p>Data directory layout: {@code postgres/}, {@code metadata/}, {@code node-<id>/},
 * {@code logs/<service>.log} and the state file {@code cluster.json}; a secure cluster adds
 * {@code tls/} ({@link LocalCertificates}) and {@code cluster-secret}.
 *
 * @param secure every listener speaks TLS with certificates from {@link #certificates()}, every
 *               internal call carries the cluster secret ({@code ./strata up --secure})
 */
public record ClusterConfig(Path root, Path dataDir, ClusterPorts ports, List<String> jvmOptions,
                            Duration healthTimeout, boolean secure) {

    /** JVM options of each Quarkus service unless {@code STRATA_JVM_OPTS} says otherwise. */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
    /**
     * JVM options of each Quarkus service in a test's cluster: {@link #DEFAULT_JVM_OPTIONS} with C1
     * only and the serial collector. A test cluster starts 5-7 JVMs on 2 cores, dozens of times per
     * suite, and carries little traffic: C2's compiler threads and G1's workers only compete with
     * the start (a cluster of the multi-process tests came up in 15-18 s instead of 24-26 s).
     */
    public static final List<String> TEST_JVM_OPTIONS = Stream.concat(DEFAULT_JVM_OPTIONS.stream(),
            Stream.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")).toList();
    /** Per stage; generous because 5+ JVMs start on 2 cores. */
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(180);

    public ClusterConfig {
        Objects.requireNonNull(root, "root");
        dataDir = dataDir.toAbsolutePath().normalize();
        Objects.requireNonNull(ports, "ports");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(healthTimeout, "healthTimeout");
    }

    /** A plaintext cluster, as {@code ./strata up} without {@code --secure}. */
    public ClusterConfig(Path root, Path dataDir, ClusterPorts ports, List<String> jvmOptions, Duration healthTimeout) {
        this(root, dataDir, ports, jvmOptions, healthTimeout, false);
    }

    /** This configuration with TLS and the cluster secret on or off. */
    public ClusterConfig withSecure(boolean on) {
        return new ClusterConfig(root, dataDir, ports, jvmOptions, healthTimeout, on);
    }

    /** Where a secure cluster's CA and service certificates are (made by {@code up}). */
    public LocalCertificates certificates() {
        return new LocalCertificates(dataDir.resolve("tls"));
    }

    /** The file holding a secure cluster's secret (made by {@code up}, owner-only). */
    public Path clusterSecretFile() {
        return dataDir.resolve("cluster-secret");
    }

    /** The file holding a secure cluster's PostgreSQL superuser password (made by {@code up}, owner-only). */
    public Path postgresPasswordFile() {
        return dataDir.resolve("postgres-password");
    }

    public Path stateFile() {
        return dataDir.resolve("cluster.json");
    }

    public Path logFile(String service) {
        return dataDir.resolve("logs").resolve(service + ".log");
    }

    public Path postgresDataDir() {
        return dataDir.resolve("postgres");
    }

    public int port(String name) {
        return ports.port(name);
    }

    /** The JDBC URL of the cluster's database. */
    public String jdbcUrl() {
        return EmbeddedPostgresServer.jdbcUrl(port(ClusterService.POSTGRES), EmbeddedPostgresServer.DATABASE_DEFAULT);
    }

    /** The HTTP base URL of the service whose port is named {@code name}: https in a secure cluster. */
    public String httpUrl(String name) {
        return (secure ? "https" : "http") + "://127.0.0.1:" + port(name);
    }
}
