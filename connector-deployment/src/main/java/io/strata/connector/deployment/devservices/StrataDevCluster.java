package io.strata.connector.deployment.devservices;

import io.quarkus.deployment.builditem.Startable;
import io.strata.client.admin.Admin;
import io.strata.deploy.cluster.ClusterConfig;
import io.strata.deploy.cluster.ClusterPorts;
import io.strata.deploy.cluster.ClusterService;
import io.strata.deploy.cluster.LocalCluster;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.StrataBuild;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cluster Dev Services start: every Strata service as a process on 127.0.0.1, through the
 * deploy module's {@link LocalCluster} (what {@code ./strata up} runs), from the jars of a built
 * installation, on free ports, with its data in a fresh temporary directory
 * ({@code strata-devservices-*}; the services' logs are in its {@code logs/}).
 *
 * <p>{@link #start()} returns once every service is healthy and prints their URLs; on failure it
 * has stopped what it started and throws, naming the log directory (which is kept).
 * {@link #close()} stops every process (SIGTERM, then SIGKILL after
 * {@value LocalCluster#STOP_GRACE_SECONDS} s) and deletes the directory; it is also run by a JVM
 * shutdown hook, so the cluster goes away when dev mode is ended with Ctrl-C. Idempotent.
 *
 * <p>Thread-safety: start and close are synchronized; Quarkus calls them from its own threads.
 */
public final class StrataDevCluster implements Startable {

    /**
     * What a cluster is started from; equal settings let Quarkus keep the running cluster across
     * live reloads.
     */
    public record Settings(Path home, boolean adminUi, Duration startTimeout, Map<String, Integer> topicPartitions) {
    }

    private static final Logger LOG = Logger.getLogger(StrataDevCluster.class);

    private final Settings settings;
    private ClusterConfig config;
    private LocalCluster cluster;
    private Thread shutdownHook;

    StrataDevCluster(Settings settings) {
        this.settings = settings;
    }

    /** Fails naming {@code source} when {@code home} lacks the gateway's or the database's jar. */
    static void requireBuilt(Path home, String source) {
        for (Path jar : List.of(StrataBuild.quarkusRunJarPath(home, "gateway"), StrataBuild.postgresServerJarPath(home))) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(source + "=" + home + " is not a built Strata installation: " + jar
                        + " is missing; run ./mvnw package -DskipTests there");
            }
        }
    }

    @Override
    public synchronized void start() {
        Map<String, String> ports = new HashMap<>();
        ClusterPorts.defaults(LocalCluster.NODE_COUNT).keySet().forEach(name -> ports.put(name, Integer.toString(FreePorts.next())));
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("strata-devservices-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the Dev Services cluster", e);
        }
        config = new ClusterConfig(settings.home(), dataDir,
                ClusterPorts.resolve(ClusterPorts.defaults(LocalCluster.NODE_COUNT), Map.of(), ports),
                ClusterConfig.DEFAULT_JVM_OPTIONS, settings.startTimeout());
        List<ClusterService> services = LocalCluster.SERVICES.stream()
                .filter(service -> settings.adminUi() || !service.name().equals("admin-ui")).toList();
        LOG.infof("Dev Services for Strata: starting a local cluster from %s (data and logs in %s)", settings.home(), dataDir);
        cluster = new LocalCluster(config, services, System.out);
        shutdownHook = new Thread(this::close, "strata-devservices-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            cluster.up();
        } catch (RuntimeException failed) {
            // up() stopped what it started; the logs stay in dataDir for a look
            cluster = null;
            removeShutdownHook();
            throw failed;
        }
        LOG.infof("Dev Services for Strata: the cluster is up (Quarkus stops it when dev mode or the tests end, not ./strata down); the gateway (bootstrap.servers) is %s", getConnectionInfo());
    }

    /** The gateway's {@code host:port}: the connector's {@code bootstrap.servers}. */
    @Override
    public String getConnectionInfo() {
        return LocalCluster.BIND_HOST + ":" + config.port("gateway");
    }

    /** Not a container. */
    @Override
    public String getContainerId() {
        return null;
    }

    /** Creates {@code topic-partitions} (replication factor 1). */
    public void createTopics() {
        if (settings.topicPartitions().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", getConnectionInfo()))) {
            settings.topicPartitions().forEach((topic, partitions) -> {
                admin.createTopic(topic, partitions, 1, Map.of());
                LOG.infof("Dev Services for Strata: created topic %s (%d partitions)", topic, partitions);
            });
        }
    }

    @Override
    public synchronized void close() {
        if (cluster == null) {
            return;
        }
        LOG.infof("Dev Services for Strata: stopping the local cluster (%s)", config.dataDir());
        cluster.down();
        cluster = null;
        deleteQuietly(config.dataDir());
        removeShutdownHook();
    }

    private void removeShutdownHook() {
        try {
            if (Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs or ran, and close is idempotent
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Dev Services for Strata: could not delete %s: %s", dir, e.getMessage());
        }
    }
}
