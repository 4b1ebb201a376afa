package io.strata.deploy.cluster;

import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.HealthProbe;
import io.strata.deploy.launcher.ServiceFailedException;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import io.strata.deploy.postgres.EmbeddedPostgresServer;
import io.strata.deploy.postgres.PostgresSecurity;
import io.strata.deploy.postgres.PostmasterPidFile;
import io.strata.deploy.tls.SecretFile;
import io.strata.deploy.tls.LocalCertificates;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The local Strata cluster: every service as a separate process on 127.0.0.1, all data under one
 * directory ({@link ClusterConfig}), the running processes recorded in {@link ClusterState}.
 *
 * <p>{@link #SERVICES} is the one list of what runs, so adding a service is one line there; a
 * service whose module is checked out but not built is skipped with a note, one whose module does
 * not exist yet is left out.
 *
 * <p>{@link #up()} starts the services stage by stage and waits for each stage to be healthy; on
 * failure it stops what it started and throws. The started processes are detached from this JVM
 * only once all are healthy: until then an exit of this JVM (Ctrl-C) kills them.
 * {@link #down()} stops every recorded process, newest stage first (SIGTERM, SIGKILL after
 * {@value #STOP_GRACE_SECONDS} s), and any orphaned postmaster, then removes the state file.
 *
 * <p>Not thread-safe: one command at a time per data directory.
 */
public final class LocalCluster {

    public static final int NODE_COUNT = 3;
    public static final int STOP_GRACE_SECONDS = 20;
    /** The one interface the local cluster listens on. */
    public static final String BIND_HOST = "127.0.0.1";
    private static final String DATABASE_URL = "strata.database.url";

    /** How often a secure cluster's services look for renewed certificate files. */
    public static final Duration TLS_RELOAD_PERIOD = Duration.ofSeconds(30);

    /** What a local cluster runs, in start order by stage. */
    public static final List<ClusterService> SERVICES = List.of(
            ClusterService.postgres(),
            ClusterService.quarkus("metadata-service", 1, LocalCluster::metadataServiceProperties),
            partitionNode(1),
            partitionNode(2),
            partitionNode(3),
            ClusterService.quarkus("group-coordinator", 3, LocalCluster::databaseClientProperties),
            ClusterService.quarkus("gateway", 4, config -> Map.of("strata.gateway.metadata-url", config.httpUrl("metadata-service"),
                    "strata.gateway.coordinator-url", config.httpUrl("group-coordinator"))),
            ClusterService.quarkus("admin-ui", 5, config -> Map.of("strata.admin-ui.gateway", config.httpUrl("gateway"))));

    private final ClusterConfig config;
    private final List<ClusterService> services;
    private final PrintStream out;
    private final Optional<KafkaSasl> sasl;

    public LocalCluster(ClusterConfig config, PrintStream out) {
        this(config, SERVICES, out);
    }

    public LocalCluster(ClusterConfig config, List<ClusterService> services, PrintStream out) {
        this(config, services, out, Optional.empty());
    }

    private LocalCluster(ClusterConfig config, List<ClusterService> services, PrintStream out, Optional<KafkaSasl> sasl) {
        this.config = config;
        this.services = List.copyOf(services);
        this.out = out;
        this.sasl = sasl;
    }

    /** This cluster with SASL required on the Kafka listeners ({@code ./strata up --sasl}). */
    public LocalCluster withSasl(KafkaSasl sasl) {
        return new LocalCluster(config, services, out, Optional.of(sasl));
    }

    /** {@code partition-node-<id>}. */
    public static String nodeServiceName(int nodeId) {
        return "partition-node-" + nodeId;
    }

    /** Process status as {@code status} reports it. */
    public record ProcessStatus(String service, Integer nodeId, long pid, String url, boolean alive, boolean healthy) {
    }

    /** Starts the cluster and returns its state; throws {@link ClusterException} on any failure. */
    public ClusterState up() {
        refuseIfRunning();
        List<ClusterService> present = presentServices();
        refuseBusyPorts(present);
        createDirectories(present);
        if (config.secure()) {
            prepareSecurity();
        }
        ClusterState state = new ClusterState(config.dataDir().toString(), List.of());
        state.write(config.stateFile());
        List<ServiceProcess> started = new ArrayList<>();
        try {
            for (int stage : new TreeSet<>(present.stream().map(ClusterService::stage).toList())) {
                List<ServiceProcess> batch = new ArrayList<>();
                for (ClusterService service : present) {
                    if (service.stage() == stage) {
                        ServiceProcess process = ServiceProcess.start(spec(service));
                        started.add(process);
                        batch.add(process);
                        state = state.with(entry(service, process));
                        state.write(config.stateFile());
                        out.printf("  %-20s starting  (pid %d, %s)%n", service.name(), process.pid(), url(service));
                    }
                }
                awaitHealthy(batch);
            }
        } catch (IOException | ServiceFailedException | UncheckedIOException e) {
            out.println("up failed: " + e.getMessage());
            out.println("stopping what was started …");
            stopAll(started);
            PostmasterPidFile.maybeStopOrphan(config.postgresDataDir());
            deleteStateFile();
            throw new ClusterException("the cluster did not start; see the log above and " + config.dataDir().resolve("logs"), e);
        }
        started.forEach(ServiceProcess::detach);
        printUrls(present);
        return state;
    }

    /** Stops every process of the state file and any orphaned postmaster; removes the state file. */
    public int down() {
        Optional<ClusterState> state = ClusterState.read(config.stateFile());
        List<ServiceProcess> running = new ArrayList<>();
        state.ifPresent(s -> s.processes().forEach(e -> attach(e).ifPresent(running::add)));
        if (state.isEmpty()) {
            out.println("no cluster state at " + config.stateFile());
        }
        stopAll(running);
        if (PostmasterPidFile.maybeStopOrphan(config.postgresDataDir())) {
            out.println("  stopped an orphaned PostgreSQL on " + config.postgresDataDir());
        }
        List<ServiceProcess> survivors = running.stream().filter(ServiceProcess::isAlive).toList();
        if (!survivors.isEmpty()) {
            throw new ClusterException("still running after down: " + survivors);
        }
        deleteStateFile();
        out.println("stopped " + running.size() + " process(es)");
        return running.size();
    }

    /** One status per recorded process; empty when no state file exists. */
    public List<ProcessStatus> status() {
        Optional<ClusterState> state = ClusterState.read(config.stateFile());
        if (state.isEmpty()) {
            return List.of();
        }
        List<CompletableFuture<ProcessStatus>> probes = new ArrayList<>();
        for (ClusterState.Entry entry : state.get().processes()) {
            probes.add(CompletableFuture.supplyAsync(() -> status(entry)));
        }
        return probes.stream().map(CompletableFuture::join).toList();
    }

    /** The launcher spec of {@code service} under this cluster's configuration. */
    public ServiceSpec spec(ClusterService service) {
        Path logFile = config.logFile(service.name());
        if (service.isPostgres()) {
            return EmbeddedPostgresServer.serviceSpec(service.name(), StrataBuild.postgresServerJarPath(config.root()),
                    config.port(ClusterService.POSTGRES), config.port("postgres-health"),
                    config.postgresDataDir(), logFile, postgresSecurity());
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", BIND_HOST);
        properties.put("quarkus.http.port", Integer.toString(config.port(service.name())));
        properties.putAll(service.properties().apply(config));
        Map<String, String> environment = new LinkedHashMap<>(sasl.map(s -> s.environment(service.module())).orElse(Map.of()));
        if (config.secure()) {
            properties.putAll(tlsProperties(config, service.name()));
            // In the environment, not on the command line, where any local user could read it.
            environment.put("STRATA_SECURITY_CLUSTER_SECRET", SecretFile.ensure(config.clusterSecretFile()));
        }
        if (properties.containsKey(DATABASE_URL)) {
            environment.put("STRATA_DATABASE_PASSWORD", postgresSecurity().map(PostgresSecurity::password)
                    .orElse(EmbeddedPostgresServer.PASSWORD));
            if (config.secure()) {
                properties.put("strata.database.tls-ca-file", config.certificates().caFile().toString());
            }
        }
        return new ServiceSpec(service.name(), jar(service), config.jvmOptions(), properties, environment, logFile,
                URI.create(config.httpUrl(service.name()) + "/q/health/ready"));
    }

    /**
     * What turns TLS on in a service: its certificate and key as the default TLS configuration
     * (reloaded every {@link #TLS_RELOAD_PERIOD}), no plaintext port, and the cluster CA for its
     * own internal channels ({@code strata.tls.ca-file}).
     */
    public static Map<String, String> tlsProperties(ClusterConfig config, String serviceName) {
        LocalCertificates certificates = config.certificates();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.tls.key-store.pem.0.cert", certificates.certFile(serviceName).toString());
        properties.put("quarkus.tls.key-store.pem.0.key", certificates.keyFile(serviceName).toString());
        properties.put("quarkus.tls.reload-period", TLS_RELOAD_PERIOD.toSeconds() + "s");
        properties.put("quarkus.http.insecure-requests", "disabled");
        properties.put("strata.tls.ca-file", certificates.caFile().toString());
        return properties;
    }

    /**
     * For a secure cluster: makes (or reuses) the CA, every service's certificate and the cluster
     * secret, and trusts the CA for health checks. {@link #up} calls it; a caller that starts the
     * services itself ({@link #spec}) calls it first.
     */
    public void prepareSecurity() {
        LocalCertificates certificates = config.certificates();
        List<String> names = services.stream().map(ClusterService::name).toList();
        List<String> made = certificates.ensure(names);
        out.println(made.isEmpty()
                ? "  certificates         reused    (" + certificates.dir() + ")"
                : "  certificates         made      " + made + " (" + certificates.dir() + ")");
        SecretFile.ensure(config.clusterSecretFile());
        SecretFile.ensure(config.postgresPasswordFile());
        HealthProbe.trust(certificates.caFile());
    }

    /** A secure cluster's PostgreSQL: TLS with its own certificate and a password (see {@link PostgresSecurity}). */
    private Optional<PostgresSecurity> postgresSecurity() {
        if (!config.secure()) {
            return Optional.empty();
        }
        LocalCertificates certificates = config.certificates();
        return Optional.of(new PostgresSecurity(certificates.certFile(ClusterService.POSTGRES),
                certificates.keyFile(ClusterService.POSTGRES), config.postgresPasswordFile()));
    }

    private static ClusterService partitionNode(int nodeId) {
        String name = nodeServiceName(nodeId);
        return new ClusterService(name, "partition-node", nodeId, 2, config -> Map.of(
                "strata.node.id", Integer.toString(nodeId),
                "strata.node.data-dir", config.dataDir().resolve("node-" + nodeId).toString(),
                "strata.node.metadata-url", config.httpUrl("metadata-service"),
                "strata.node.raft.port", Integer.toString(config.port(name + "-raft")),
                "strata.node.raft.members", raftMembers(config),
                "strata.node.kafka.port", Integer.toString(config.port(name + "-kafka")),
                "strata.node.kafka.coordinator-url", config.httpUrl("group-coordinator")));
    }

    /** The controller's raft group: every local node as {@code id@127.0.0.1:<its raft port>}. */
    static String raftMembers(ClusterConfig config) {
        List<String> members = new ArrayList<>();
        for (int node = 1; node <= NODE_COUNT; node++) {
            members.add(node + "@127.0.0.1:" + config.port(nodeServiceName(node) + "-raft"));
        }
        return String.join(",", members);
    }

    private static Map<String, String> metadataServiceProperties(ClusterConfig config) {
        Map<String, String> properties = new LinkedHashMap<>(databaseClientProperties(config));
        properties.put("strata.metadata.data-dir", config.dataDir().resolve("metadata").toString());
        return properties;
    }

    private static Map<String, String> databaseClientProperties(ClusterConfig config) {
        Map<String, String> properties = new LinkedHashMap<>(metadataClientProperties(config));
        properties.put(DATABASE_URL, config.jdbcUrl());
        properties.put("strata.database.username", EmbeddedPostgresServer.USER);
        return properties; // the password goes in the environment: see spec
    }

    private static Map<String, String> metadataClientProperties(ClusterConfig config) {
        return Map.of("strata.metadata-url", config.httpUrl("metadata-service"));
    }

    private Path jar(ClusterService service) {
        return service.isPostgres()
                ? StrataBuild.postgresServerJarPath(config.root())
                : StrataBuild.quarkusRunJarPath(config.root(), service.module());
    }

    private String url(ClusterService service) {
        return service.isPostgres() ? config.jdbcUrl() : config.httpUrl(service.name());
    }

    private List<ClusterService> presentServices() {
        List<ClusterService> present = new ArrayList<>();
        for (ClusterService service : services) {
            Path jar = jar(service);
            if (Files.isRegularFile(jar)) {
                present.add(service);
            } else if (service.isPostgres()) {
                throw new ClusterException(jar + " is missing; build it with ./mvnw package -DskipTests");
            } else if (Files.isDirectory(config.root().resolve(service.module()))) {
                out.printf("  %-20s skipped   (%s not built)%n", service.name(), config.root().relativize(jar));
            }
            // a service whose module is not in this checkout yet is left out without a word
        }
        return present;
    }

    private void refuseIfRunning() {
        Optional<ClusterState> state = ClusterState.read(config.stateFile());
        if (state.isPresent() && state.get().processes().stream().anyMatch(e -> attach(e).isPresent())) {
            throw new ClusterException("a cluster is already running from " + config.stateFile()
                    + "; run ./strata down first");
        }
    }

    private void refuseBusyPorts(List<ClusterService> present) {
        List<String> busy = new ArrayList<>();
        for (ClusterService service : present) {
            List<String> names = new ArrayList<>(List.of(service.name()));
            if (service.isPostgres()) {
                names.add("postgres-health");
            } else if (service.nodeId() != null) {
                names.add(service.name() + "-raft");
                names.add(service.name() + "-kafka");
            }
            for (String name : names) {
                int port = config.port(name);
                if (!FreePorts.isFree(port)) {
                    busy.add(name + " port " + port + " is in use (override with "
                            + ClusterPorts.envName(name) + "=<port> or --port " + name + "=<port>)");
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new ClusterException(String.join("\n", busy));
        }
    }

    private void createDirectories(List<ClusterService> present) {
        try {
            Files.createDirectories(config.dataDir().resolve("logs"));
            Files.createDirectories(config.postgresDataDir());
            for (ClusterService service : present) {
                if (service.nodeId() != null) {
                    Files.createDirectories(config.dataDir().resolve("node-" + service.nodeId()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    private void awaitHealthy(List<ServiceProcess> batch) {
        Instant start = Instant.now();
        Instant deadline = start.plus(config.healthTimeout());
        for (ServiceProcess process : batch) {
            Duration left = Duration.between(Instant.now(), deadline);
            process.awaitHealthy(left.isNegative() ? Duration.ZERO : left);
            out.printf("  %-20s healthy   (after %.1f s)%n", process.name(),
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    private void stopAll(List<ServiceProcess> processes) {
        // newest stage first; the processes of one stage stop in parallel
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        List<Integer> stages = reversed.stream().map(p -> stageOf(p.name())).distinct().toList();
        for (int stage : stages) {
            List<CompletableFuture<Void>> stops = reversed.stream()
                    .filter(p -> stageOf(p.name()) == stage)
                    .map(p -> CompletableFuture.runAsync(() -> stopOne(p)))
                    .toList();
            stops.forEach(CompletableFuture::join);
        }
    }

    private void stopOne(ServiceProcess process) {
        process.stop(Duration.ofSeconds(STOP_GRACE_SECONDS));
        out.printf("  %-20s stopped   (pid %d)%n", process.name(), process.pid());
    }

    private int stageOf(String name) {
        return services.stream().filter(s -> s.name().equals(name)).mapToInt(ClusterService::stage)
                .findFirst().orElse(0);
    }

    private ClusterState.Entry entry(ClusterService service, ServiceProcess process) {
        ServiceSpec spec = process.spec();
        Long startedAtMs = process.startedAt().map(Instant::toEpochMilli).orElse(null);
        return new ClusterState.Entry(service.name(), service.nodeId(), process.pid(), startedAtMs, url(service),
                spec.healthUrl().toString(), spec.jar().toString(), spec.logFile().toString());
    }

    private Optional<ServiceProcess> attach(ClusterState.Entry entry) {
        ServiceSpec spec = new ServiceSpec(entry.service(), Path.of(entry.jar()), List.of(), Map.of(), Map.of(),
                Path.of(entry.logFile()), entry.healthUrl() == null ? null : URI.create(entry.healthUrl()));
        Instant startedAt = entry.startedAtMs() == null ? null : Instant.ofEpochMilli(entry.startedAtMs());
        return ServiceProcess.attach(spec, entry.pid(), startedAt);
    }

    private ProcessStatus status(ClusterState.Entry entry) {
        if (entry.healthUrl() != null && entry.healthUrl().startsWith("https:") && Files.isRegularFile(config.certificates().caFile())) {
            HealthProbe.trust(config.certificates().caFile());
        }
        boolean alive = attach(entry).isPresent();
        boolean healthy = alive && entry.healthUrl() != null && HealthProbe.isHealthy(URI.create(entry.healthUrl()));
        return new ProcessStatus(entry.service(), entry.nodeId(), entry.pid(), entry.url(), alive, healthy);
    }

    private void printUrls(List<ClusterService> present) {
        out.println("Strata is up, listening on " + BIND_HOST + " only. Data: " + config.dataDir() + ", logs: "
                + config.dataDir().resolve("logs"));
        for (ClusterService service : present) {
            out.printf("  %-20s %s%n", service.name(), url(service));
        }
        List<String> brokers = new ArrayList<>();
        for (ClusterService service : present) {
            if (service.nodeId() != null) {
                brokers.add("127.0.0.1:" + config.port(service.name() + "-kafka"));
            }
        }
        if (!brokers.isEmpty()) {
            out.println("  Kafka clients: bootstrap.servers=" + String.join(",", brokers)
                    + " security.protocol=" + (sasl.isPresent() ? "SASL_" : "") + (config.secure() ? "SSL" : "PLAINTEXT"));
        }
        if (config.secure()) {
            printSecureHints();
        }
        sasl.ifPresent(s -> s.announce(config.dataDir(), config.secure(), out));
        out.println("Stop it with ./strata down; see it with ./strata status.");
    }

    private void printSecureHints() {
        Path ca = config.certificates().caFile();
        out.println("Secure: TLS on every port, internal calls carry the cluster secret (" + config.clusterSecretFile() + ").");
        out.println("  CA certificate: " + ca);
        out.println("  curl --cacert " + ca + " " + config.httpUrl("gateway") + "/admin/cluster");
        out.println("  Kafka clients: security.protocol=SSL ssl.truststore.type=PEM ssl.truststore.location=" + ca);
        out.println("  Browser (admin console " + config.httpUrl("admin-ui") + "): import the CA certificate to trust it.");
    }

    private void deleteStateFile() {
        try {
            Files.deleteIfExists(config.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + config.stateFile(), e);
        }
    }
}
