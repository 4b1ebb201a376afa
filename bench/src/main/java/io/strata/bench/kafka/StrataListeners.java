package io.strata.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kafka listeners of a Strata cluster that runs already (e.g. {@code ./strata up}'s, on
 * 127.0.0.1:9201-9203): nothing is started or stopped, the run only checks that they answer and
 * owns a temporary directory for the perf tools' log config, deleted by {@link #close()}.
 * Not thread-safe; used by the bench's one thread.
 */
final class StrataListeners implements PerfToolServers {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrap;
    private final Path dir;
    private final int nodes;

    private StrataListeners(String bootstrap, Path dir, int nodes) {
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.nodes = nodes;
    }

    /** Connects to {@code bootstrap} and fails, naming the addresses, when no listener answers in time. */
    static StrataListeners connect(String bootstrap, Map<String, String> clientSettings) throws InterruptedException {
        int nodes = describeCluster(bootstrap, clientSettings);
        try {
            Path dir = Files.createTempDirectory("strata-bench-kafka-tools-");
            Files.writeString(dir.resolve("log4j2-tools.properties"), KafkaCluster.toolLogConfig());
            return new StrataListeners(bootstrap, dir, nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of brokers the listeners report: the admin client's first call, so a dead address fails here. */
    private static int describeCluster(String bootstrap, Map<String, String> clientSettings) throws InterruptedException {
        int timeoutMs = (int) ANSWER_TIMEOUT.toMillis();
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no Strata Kafka listener answered at --bootstrap-servers " + bootstrap
                    + " within " + ANSWER_TIMEOUT.toSeconds() + " s (is a cluster up? ./strata up prints its"
                    + " bootstrap.servers): " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    @Override
    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public Path toolLogConfigFile() {
        return dir.resolve("log4j2-tools.properties");
    }

    @Override
    public String describe() {
        return "Strata's Kafka listeners at " + bootstrap + " (" + nodes + " broker(s) in its metadata)";
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(toolLogConfigFile());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
