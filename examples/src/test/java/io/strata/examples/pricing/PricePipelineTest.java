package io.strata.examples.pricing;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.strata.client.TopicPartition;
import io.strata.client.consumer.Consumer;
import io.strata.client.consumer.ConsumerRecord;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick start app against a real cluster that Dev Services start: the test configures no
 * bootstrap, so the connector's extension starts a local cluster as processes from the Strata
 * build under {@code strata.root}, creates the pipeline's topics
 * ({@code quarkus.strata.devservices.topic-partitions}) and points the channels at its gateway;
 * Quarkus stops it when the tests are done. Quotes become orders end to end, a bad quote goes to
 * the dead-letter topic, and /q/metrics counts it on the dead-letter producer's meters.
 */
@QuarkusTest
class PricePipelineTest {

    private static final String BOOTSTRAP = "mp.messaging.connector.smallrye-strata.bootstrap.servers";

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    PriceFeed feed;

    @Inject
    OrderLog log;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void quotesUnderTheLimitBecomeOrdersAndAnUnpriceableOneIsDeadLettered() {
        assertThat(bootstrap()).as("the gateway Dev Services started").startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:8080");
        List.of(new Price("apple", 42), new Price("banana", 250), new Price("cherry", -1), new Price("date", 99))
                .forEach(price -> feed.publish(price).toCompletableFuture().join());

        await().atMost(WAIT).until(() -> log.orders().size() == 2);
        assertThat(log.orders()).containsExactlyInAnyOrder(new Order("apple", 42, 1), new Order("date", 99, 1));

        ConsumerRecord dead = readOne(new TopicPartition("prices-dead", 0));
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("cherry");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"item\":\"cherry\",\"amount\":-1.0}");
        Map<String, String> headers = dead.headers().stream().collect(Collectors.toMap(h -> h.key(),
                h -> new String(h.value(), StandardCharsets.UTF_8)));
        assertThat(headers).containsEntry("dead-letter-reason", "negative price -1.0 for cherry")
                .containsEntry("dead-letter-topic", "prices").containsKey("dead-letter-offset");

        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText scraped = PrometheusText.scrape(metrics.getPort());
            assertThat(scraped.value("strata_producer_records_sent_total{channel=\"prices\",role=\"dead-letter-queue\"}")).isEqualTo(1);
            assertThat(scraped.value("strata_producer_records_failed_total{channel=\"prices\",role=\"dead-letter-queue\"}")).isZero();
            assertThat(scraped.value("strata_producer_records_sent_total{channel=\"orders-out\",role=\"outgoing\"}")).isEqualTo(2);
        });
    }

    private static ConsumerRecord readOne(TopicPartition partition) {
        try (Consumer consumer = Consumer.create(Map.of("bootstrap.servers", bootstrap(),
                "auto.offset.reset", "earliest"))) {
            consumer.assign(List.of(partition));
            List<ConsumerRecord> read = new ArrayList<>();
            await().atMost(WAIT).until(() -> read.addAll(consumer.poll(Duration.ofMillis(200))) && !read.isEmpty());
            return read.get(0);
        }
    }

    private static String bootstrap() {
        return ConfigProvider.getConfig().getValue(BOOTSTRAP, String.class);
    }
}
