package io.strata.examples.pricing;

import io.strata.connector.StrataTestCluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics and group one multi-instance test runs the pipeline on ({@code prices-<name>},
 * {@code orders-<name>}, group {@code pricer-<name>}, each topic with {@value #PARTITIONS}
 * partitions), so tests sharing a cluster never see each other's records or commits; and the
 * environment that points an application instance at them. Immutable.
 */
record PipelineTopics(StrataTestCluster cluster, String name) {

    static final int PARTITIONS = 4;

    static PipelineTopics create(StrataTestCluster cluster, String name) {
        PipelineTopics topics = new PipelineTopics(cluster, name);
        cluster.createTopic(topics.prices(), PARTITIONS);
        cluster.createTopic(topics.orders(), PARTITIONS);
        return topics;
    }

    String prices() {
        return "prices-" + name;
    }

    String orders() {
        return "orders-" + name;
    }

    String group() {
        return "pricer-" + name;
    }

    /**
     * Environment variables (SmallRye Config's names for the channel attributes) that point every
     * channel of the application at these topics; {@code commitIntervalMs} sets the pricer's
     * {@code auto.commit.interval.ms} unless null.
     */
    Map<String, String> environment(String commitIntervalMs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MP_MESSAGING_OUTGOING_PRICE_FEED_TOPIC", prices());
        env.put("MP_MESSAGING_INCOMING_PRICES_TOPIC", prices());
        env.put("MP_MESSAGING_INCOMING_PRICES_GROUP_ID", group());
        env.put("MP_MESSAGING_OUTGOING_ORDERS_OUT_TOPIC", orders());
        env.put("MP_MESSAGING_INCOMING_ORDERS_TOPIC", orders());
        env.put("MP_MESSAGING_INCOMING_ORDERS_GROUP_ID", "order-log-" + name);
        if (commitIntervalMs != null) {
            env.put("MP_MESSAGING_INCOMING_PRICES_AUTO_COMMIT_INTERVAL_MS", commitIntervalMs);
        }
        return env;
    }

    /**
     * Publishes prices {@code from} … {@code from + count - 1} (item {@code s-<n>}, amount 1, under the
     * limit), price n to partition n mod {@value #PARTITIONS}, each acknowledged by the cluster
     * before the next; returns where each landed.
     */
    List<PublishedPrice> publish(int from, int count) {
        List<PublishedPrice> published = new ArrayList<>(count);
        for (int sequence = from; sequence < from + count; sequence++) {
            int partition = sequence % PARTITIONS;
            long offset = cluster.produce(prices(), partition, "s-" + sequence,
                    "{\"item\":\"s-" + sequence + "\",\"amount\":1.0}");
            published.add(new PublishedPrice(sequence, partition, offset));
        }
        return published;
    }
}
