package io.strata.bench.pipeline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One build of the examples' price/order pipeline that {@link PipelineBench} runs: the same
 * {@code Pricer} and {@code OrderLog} classes, wired either to the {@code smallrye-strata}
 * connector ({@code examples/}) or to Quarkus' own {@code smallrye-kafka} ({@code examples-kafka/}).
 * Each names the meters that count prices consumed and orders acknowledged in its
 * {@code /q/metrics}. Immutable.
 *
 * @param label          the name in the result line
 * @param jar            the packaged app, relative to the repository root
 * @param consumed       the counter of records the {@code prices} channel consumed
 * @param produced       the counter of records the {@code orders-out} channel sent
 */
record PipelineApp(String label, Path jar, Meter consumed, Meter produced) {

    /** The examples app on the smallrye-strata connector, which talks to the gateway. */
    static final PipelineApp STRATA_CONNECTOR = new PipelineApp("smallrye-strata",
            Path.of("examples/target/quarkus-app/quarkus-run.jar"),
            new Meter("strata_consumer_records_consumed_total", "channel=\"prices\""),
            new Meter("strata_producer_records_sent_total", "channel=\"orders-out\""));

    /**
     * The same app on smallrye-kafka. The Kafka clients' meters come twice, once without a
     * {@code topic} tag (the client's total) and once per topic: only the total is read.
     */
    static final PipelineApp KAFKA_CONNECTOR = new PipelineApp("smallrye-kafka",
            Path.of("examples-kafka/target/quarkus-app/quarkus-run.jar"),
            new Meter("kafka_consumer_fetch_manager_records_consumed_total", "client_id=\"kafka-consumer-prices\""),
            new Meter("kafka_producer_record_send_total", "client_id=\"kafka-producer-orders-out\""));

    /** The environment that points this app at the servers and at a run's topics and groups. */
    Map<String, String> environment(String bootstrap, PipelineTopics topics, int httpPort) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(httpPort),
                "MP_MESSAGING_INCOMING_PRICES_TOPIC", topics.prices(),
                "MP_MESSAGING_INCOMING_PRICES_GROUP_ID", topics.group(),
                "MP_MESSAGING_INCOMING_PRICES_MAX_POLL_RECORDS", "500",
                "MP_MESSAGING_OUTGOING_ORDERS_OUT_TOPIC", topics.orders(),
                "MP_MESSAGING_INCOMING_ORDERS_TOPIC", topics.orders(),
                "MP_MESSAGING_INCOMING_ORDERS_GROUP_ID", "order-log-" + topics.group()));
        if (this == STRATA_CONNECTOR) {
            environment.put("MP_MESSAGING_CONNECTOR_SMALLRYE_STRATA_BOOTSTRAP_SERVERS", bootstrap);
            // Only this build has the Emitter's channel; in the other, the variable would name a channel "price".
            environment.put("MP_MESSAGING_OUTGOING_PRICE_FEED_TOPIC", topics.prices());
        } else {
            environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        return environment;
    }

    /**
     * A counter in Prometheus' text format: the first series of {@code name} whose labels hold
     * {@code label} and no {@code topic} label.
     */
    record Meter(String name, String label) {

        OptionalDouble read(String metricsText) {
            for (String line : metricsText.split("\n")) {
                if (line.startsWith(name + "{") && line.contains(label) && !line.contains("topic=\"")) {
                    return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            return OptionalDouble.empty();
        }
    }
}
