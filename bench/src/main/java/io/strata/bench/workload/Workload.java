package io.strata.bench.workload;

import io.strata.bench.BenchOptions;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What one produce, consume or end-to-end run does, with the options and defaults of Kafka's
 * {@code kafka-producer-perf-test}, so that the same command line means the same work for Strata
 * ({@code ./strata bench produce …}) and for Kafka ({@code ./strata bench kafka produce …}).
 *
 * @param records           how many records, in all producers together
 * @param recordSize        bytes of each value (no key, as in Kafka's perf tool)
 * @param acks              {@code 0}, {@code 1} or {@code all}
 * @param partitions        partitions of the topic the run creates
 * @param replicationFactor replicas of each partition
 * @param producers         producer threads (Strata) or perf-tool processes (Kafka), each with its own producer
 * @param lingerMs          producer {@code linger.ms}
 * @param batchSize         producer {@code batch.size} in bytes
 * @param compression       producer {@code compression.type}
 * @param topic             an existing topic to use instead of a fresh one
 * @param keep              keep the fresh topic afterwards
 * @param bootstrap         gateway (Strata) {@code host:port}
 * @param clientConfig      a properties file every client of the run is given as well (TLS, SASL,
 *                          credentials: {@code --client-config}); the perf tools take it as
 *                          {@code --command-config}
 */
public record Workload(long records, int recordSize, String acks, int partitions, int replicationFactor,
                       int producers, int lingerMs, int batchSize, String compression, Optional<String> topic,
                       boolean keep, String bootstrap, Optional<Path> clientConfig) {

    /** The options {@link #from} reads. */
    public static final List<String> OPTIONS = List.of("records", "record-size", "acks", "partitions",
            "replication-factor", "producers", "linger-ms", "batch-size", "compression", "topic", "keep", "bootstrap",
            "client-config");

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:8080";
    private static final Set<String> ACKS = Set.of("0", "1", "all");
    private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public Workload {
        requireAtLeast("records", records, 1);
        requireAtLeast("record-size", recordSize, 1);
        requireAtLeast("partitions", partitions, 1);
        requireAtLeast("replication-factor", replicationFactor, 1);
        requireAtLeast("producers", producers, 1);
        requireAtLeast("linger-ms", lingerMs, 0);
        requireAtLeast("batch-size", batchSize, 1);
        if (!ACKS.contains(acks)) {
            throw new IllegalArgumentException("--acks must be 0, 1 or all, got '" + acks + "'");
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("--compression must be one of " + COMPRESSIONS + ", got '" + compression + "'");
        }
        if (producers > records) {
            throw new IllegalArgumentException("--producers " + producers + " is more than --records " + records);
        }
        clientConfig.ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("--client-config " + file + " is not a readable file");
            }
        });
    }

    /** Reads the workload options; {@code defaultRecords} differs by benchmark (e2e sends one record at a time). */
    public static Workload from(BenchOptions options, long defaultRecords) {
        String acks = options.string("acks", "all");
        return new Workload(
                options.longValue("records", defaultRecords),
                options.intValue("record-size", 100),
                acks.equals("-1") ? "all" : acks,
                options.intValue("partitions", 1),
                options.intValue("replication-factor", 1),
                options.intValue("producers", 1),
                options.intValue("linger-ms", 5),
                options.intValue("batch-size", 16384),
                options.string("compression", "none"),
                Optional.ofNullable(options.string("topic", null)),
                options.booleanValue("keep", false),
                options.string("bootstrap", DEFAULT_BOOTSTRAP),
                Optional.ofNullable(options.string("client-config", null)).map(Path::of));
    }

    /** The same work with another {@code linger.ms}. */
    public Workload withLingerMs(int newLingerMs) {
        return new Workload(records, recordSize, acks, partitions, replicationFactor, producers, newLingerMs, batchSize,
                compression, topic, keep, bootstrap, clientConfig);
    }

    /** The settings of {@link #clientConfig} (none without it), which every client of the run is given. */
    public Map<String, String> clientSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (clientConfig.isEmpty()) {
            return settings;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(clientConfig.get())) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --client-config " + clientConfig.get(), e);
        }
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    /** The producer settings, under Kafka's names: both Strata's client and Kafka's take them as they are. */
    public Map<String, String> producerConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("acks", acks);
        config.put("linger.ms", Integer.toString(lingerMs));
        config.put("batch.size", Integer.toString(batchSize));
        config.put("compression.type", compression);
        return config;
    }

    /** Records producer {@code index} (0-based) of {@link #producers} sends: the first ones take the remainder. */
    public long recordsOfProducer(int index) {
        long share = records / producers;
        return index < records % producers ? share + 1 : share;
    }

    /** The payload bytes of all records, which MB/s is computed from (as Kafka's perf tools do). */
    public long payloadBytes() {
        return records * recordSize;
    }

    /** One line naming the work, for progress output. */
    public String describe() {
        return String.format(Locale.ROOT, "%,d records × %d B, %d partition(s), RF %d, acks=%s, %d producer(s), linger.ms=%d, "
                        + "batch.size=%d, compression=%s", records, recordSize, partitions, replicationFactor, acks,
                producers, lingerMs, batchSize, compression);
    }

    private static void requireAtLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException("--" + name + " must be at least " + least + ", got " + value);
        }
    }
}
