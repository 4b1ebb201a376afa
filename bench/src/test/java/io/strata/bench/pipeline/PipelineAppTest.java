package io.strata.bench.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineAppTest {

    private static final String KAFKA_APP_METRICS = """
            # TYPE kafka_consumer_fetch_manager_records_consumed_total counter
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-orders",kafka_version="4.1.2"} 7.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-prices",kafka_version="4.1.2",topic="prices-bench-1"} 999.0
            kafka_consumer_fetch_manager_records_consumed_total{client_id="kafka-consumer-prices",kafka_version="4.1.2"} 1234.0
            kafka_producer_record_send_total{client_id="kafka-producer-orders-out",kafka_version="4.1.2"} 1200.0
            """;

    @Test
    void readsTheClientTotalNotAnotherChannelsNorThePerTopicSeries() {
        assertThat(PipelineApp.KAFKA_CONNECTOR.consumed().read(KAFKA_APP_METRICS)).hasValue(1234.0);
        assertThat(PipelineApp.KAFKA_CONNECTOR.produced().read(KAFKA_APP_METRICS)).hasValue(1200.0);
    }

    @Test
    void aMeterNotYetRegisteredReadsAsAbsent() {
        assertThat(PipelineApp.STRATA_CONNECTOR.consumed().read(KAFKA_APP_METRICS)).isEmpty();
    }

    @Test
    void onlyTheStrataAppGetsTheEmittersTopicVariable() {
        PipelineTopics topics = PipelineTopics.forRun(7);
        assertThat(PipelineApp.STRATA_CONNECTOR.environment("127.0.0.1:8080", topics, 1))
                .containsEntry("MP_MESSAGING_OUTGOING_PRICE_FEED_TOPIC", "prices-bench-7")
                .containsEntry("MP_MESSAGING_CONNECTOR_SMALLRYE_STRATA_BOOTSTRAP_SERVERS", "127.0.0.1:8080");
        assertThat(PipelineApp.KAFKA_CONNECTOR.environment("127.0.0.1:9092", topics, 1))
                .doesNotContainKey("MP_MESSAGING_OUTGOING_PRICE_FEED_TOPIC")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MP_MESSAGING_INCOMING_PRICES_GROUP_ID", "pricer-bench-7");
    }
}
