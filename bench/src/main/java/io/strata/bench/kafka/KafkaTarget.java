package io.strata.bench.kafka;

import io.strata.bench.BenchOptions;

import java.util.List;
import java.util.Locale;

/**
 * Which server Kafka's perf tools measure, from the options of {@code ./strata bench kafka}:
 * {@code --target kafka} (the default) starts {@code --brokers} private KRaft brokers with
 * {@code --broker-heap} each; {@code --target strata} starts nothing and connects to the Kafka
 * listeners of a running Strata cluster at {@code --bootstrap-servers}. An option that belongs to
 * the other target is refused by name rather than ignored, so a run never measures something else
 * than its command line says. Immutable.
 *
 * @param server           which server
 * @param bootstrapServers Strata's Kafka listeners, {@code host:port,…} (only for {@link Server#STRATA})
 * @param brokers          how many Kafka brokers to start (only for {@link Server#KAFKA})
 * @param brokerHeap       each Kafka broker's heap, e.g. {@code 1G} (only for {@link Server#KAFKA})
 */
public record KafkaTarget(Server server, String bootstrapServers, int brokers, String brokerHeap) {

    /** The listeners of {@code ./strata up}'s three partition nodes (ClusterPorts' {@code partition-node-N-kafka}). */
    public static final String DEFAULT_STRATA_BOOTSTRAP = "127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203";

    /** The options {@link #from} reads. */
    public static final List<String> OPTIONS = List.of("target", "bootstrap-servers", "brokers", "broker-heap");

    private static final List<String> KAFKA_ONLY = List.of("brokers", "broker-heap");
    private static final List<String> STRATA_ONLY = List.of("bootstrap-servers");

    /** The servers the perf tools can run against. */
    public enum Server {
        STRATA, KAFKA;

        /** The name on the command line and in the JSON result line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads and checks the target options; {@code replicationFactor} is the workload's, which a
     * Kafka target needs as many brokers for (a Strata cluster's own size is its business: the
     * topic creation fails there with the server's reason).
     */
    public static KafkaTarget from(BenchOptions options, int replicationFactor) {
        return from(options, replicationFactor, "kafka");
    }

    /** As {@link #from(BenchOptions, int)}, with {@code defaultTarget} when {@code --target} is not given. */
    public static KafkaTarget from(BenchOptions options, int replicationFactor, String defaultTarget) {
        String name = options.string("target", defaultTarget);
        Server server = switch (name) {
            case "kafka" -> Server.KAFKA;
            case "strata" -> Server.STRATA;
            default -> throw new IllegalArgumentException("--target must be strata or kafka, got '" + name + "'");
        };
        List<String> foreign = server == Server.KAFKA ? STRATA_ONLY : KAFKA_ONLY;
        for (String option : foreign) {
            if (options.has(option)) {
                throw new IllegalArgumentException("--" + option + " does not apply to --target " + name
                        + (server == Server.KAFKA ? " (it starts its own brokers; --bootstrap-servers is for --target strata)"
                        : " (it starts no broker; --brokers and --broker-heap are for --target kafka)"));
            }
        }
        if (server == Server.STRATA) {
            return new KafkaTarget(server, bootstrapServers(options.string("bootstrap-servers", DEFAULT_STRATA_BOOTSTRAP)),
                    0, null);
        }
        int brokers = options.intValue("brokers", 1);
        if (brokers < 1 || replicationFactor > brokers) {
            throw new IllegalArgumentException("--replication-factor " + replicationFactor
                    + " needs as many --brokers, got " + brokers);
        }
        return new KafkaTarget(server, null, brokers, options.string("broker-heap", "1G"));
    }

    /** Checks a {@code host:port,…} list, so that a typo is named here and not as a client's DNS or connect error. */
    static String bootstrapServers(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers is empty: give HOST:PORT[,HOST:PORT…]");
        }
        for (String address : value.split(",", -1)) {
            int colon = address.lastIndexOf(':');
            String port = colon < 0 ? "" : address.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("--bootstrap-servers: '" + address.trim()
                        + "' is not HOST:PORT (in '" + value + "')");
            }
        }
        return value;
    }
}
