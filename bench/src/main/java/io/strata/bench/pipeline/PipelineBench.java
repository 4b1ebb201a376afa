package io.strata.bench.pipeline;

import io.strata.bench.BenchOptions;
import io.strata.bench.kafka.KafkaBench;
import io.strata.bench.kafka.KafkaJvm;
import io.strata.bench.kafka.KafkaTarget;
import io.strata.bench.kafka.KafkaTopics;
import io.strata.bench.kafka.PerfToolServers;
import io.strata.deploy.launcher.FreePorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./strata bench pipeline}: the examples' price/order app, one instance, measured the same
 * way on either connector. N prices (keys {@code s-<n>}, JSON values) are written first through
 * Kafka's producer, to topics of the run's own; then the packaged app starts on them and its
 * {@code /q/metrics} is read every 200 ms until it has consumed N prices and sent N orders. The
 * figure is records/s each way between the first consumed price and the N-th order; the app's
 * start-up is outside it.
 *
 * <p>{@code --app strata} runs {@code examples/} (smallrye-strata, through the gateway at
 * {@code --gateway}) on a running Strata cluster; {@code --app kafka} runs {@code examples-kafka/}
 * (smallrye-kafka), on Kafka brokers started for the run ({@code --target kafka}) or on a running
 * Strata cluster's Kafka listeners ({@code --target strata}). Topics and prices go through the
 * Kafka listeners in every case, so only the app differs. Single-threaded.
 */
public final class PipelineBench {

    /** The options {@link #run} reads. */
    private static final List<String> OPTIONS = List.of("app", "records", "partitions", "replication-factor",
            "gateway", "kafka-lib", "target", "bootstrap-servers", "brokers", "broker-heap");
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

    private final PipelineApp app;
    private final long records;
    private final String appBootstrap;
    private final HttpClient http = HttpClient.newHttpClient();

    private PipelineBench(PipelineApp app, long records, String appBootstrap) {
        this.app = app;
        this.records = records;
        this.appBootstrap = appBootstrap;
    }

    public static void run(BenchOptions options) throws Exception {
        options.requireKnown(OPTIONS);
        PipelineApp app = switch (options.string("app", "strata")) {
            case "strata" -> PipelineApp.STRATA_CONNECTOR;
            case "kafka" -> PipelineApp.KAFKA_CONNECTOR;
            default -> throw new IllegalArgumentException("--app must be strata (smallrye-strata) or kafka (smallrye-kafka), got '"
                    + options.string("app", "") + "'");
        };
        int partitions = options.intValue("partitions", 3);
        int replicationFactor = options.intValue("replication-factor", 3);
        KafkaTarget target = KafkaTarget.from(options, replicationFactor, "strata");
        if (app == PipelineApp.STRATA_CONNECTOR && target.server() != KafkaTarget.Server.STRATA) {
            throw new IllegalArgumentException("--app strata runs on a Strata cluster only: drop --target kafka");
        }
        if (app != PipelineApp.STRATA_CONNECTOR && options.has("gateway")) {
            throw new IllegalArgumentException("--gateway is for --app strata; smallrye-kafka talks to --bootstrap-servers");
        }
        if (!Files.isRegularFile(app.jar())) {
            throw new IllegalArgumentException(app.jar() + " is missing: build it with ./mvnw -B -q package -DskipTests");
        }
        long records = options.longValue("records", 50_000);
        // Kafka's jars only start brokers: a Strata target needs none of them.
        KafkaJvm jvm = target.server() == KafkaTarget.Server.KAFKA
                ? KafkaJvm.of(Path.of(options.string("kafka-lib", KafkaJvm.DEFAULT_LIB_DIR.toString()))) : null;
        try (PerfToolServers servers = KafkaBench.open(target, jvm, java.util.Map.of());
             KafkaTopics topics = new KafkaTopics(servers.bootstrap())) {
            String appBootstrap = app == PipelineApp.STRATA_CONNECTOR
                    ? options.string("gateway", "127.0.0.1:8080").replaceFirst("^https?://", "") : servers.bootstrap();
            PipelineTopics run = PipelineTopics.forRun(System.currentTimeMillis());
            for (String topic : List.of(run.prices(), run.orders())) {
                topics.create(topic, partitions, replicationFactor);
            }
            System.err.println("pipeline --app " + options.string("app", "strata") + " (" + app.label() + ") on "
                    + servers.describe() + ": " + records + " prices, " + partitions + " partitions, replication factor "
                    + replicationFactor);
            try {
                double seconds = new PipelineBench(app, records, appBootstrap).measure(servers.bootstrap(), run);
                System.err.printf(Locale.ROOT, "%d prices consumed and %d orders produced in %.1f s: %.0f records/s each way%n",
                        records, records, seconds, records / seconds);
                System.out.printf(Locale.ROOT, "{\"records_s\":%.0f,\"records\":%d,\"seconds\":%.2f,\"app\":\"%s\",\"target\":\"%s\"}%n",
                        records / seconds, records, seconds, app.label(), target.server().label());
            } finally {
                topics.delete(run.prices());
                topics.delete(run.orders());
            }
        }
    }

    /** Writes the prices, runs the app until it has turned them all into orders, and returns the seconds that took. */
    private double measure(String kafkaBootstrap, PipelineTopics run) throws Exception {
        writePrices(kafkaBootstrap, run.prices());
        Path log = Files.createTempFile("strata-bench-pipeline-", ".log");
        int port = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-jar", app.jar().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(app.environment(appBootstrap, run, port));
        System.err.println("starting " + app.jar() + " (group " + run.group() + ", http " + port + ", log " + log + ")");
        Process process = builder.start();
        try {
            return awaitPipeline(process, port, log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private double awaitPipeline(Process process, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long first = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; its log: " + log);
            }
            String metrics = scrape(port);
            double consumed = app.consumed().read(metrics).orElse(0);
            double produced = app.produced().read(metrics).orElse(0);
            long now = System.nanoTime();
            if (first == 0 && consumed > 0) {
                first = now;
            }
            if (produced >= records) {
                return (now - first) / 1e9;
            }
            Thread.sleep(SAMPLE_EVERY.toMillis());
        }
        throw new IllegalStateException("the app did not turn " + records + " prices into orders within "
                + RUN_TIMEOUT.toMinutes() + " min; its log: " + log);
    }

    private String scrape(int port) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";  // not up yet
        }
    }

    private void writePrices(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (long n = 1; n <= records; n++) {
                String key = "s-" + n;
                producer.send(new ProducerRecord<>(topic, key, "{\"item\":\"" + key + "\",\"amount\":1.0}"));
            }
            producer.flush();
        }
        System.err.println("wrote " + records + " prices to " + topic);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
