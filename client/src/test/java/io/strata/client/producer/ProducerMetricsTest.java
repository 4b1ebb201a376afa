package io.strata.client.producer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A producer's meters without a cluster: a send refused before it leaves the client counts as failed. */
class ProducerMetricsTest {

    @Test
    void aRecordTooLargeCountsAsFailedAndNothingAsSent() {
        try (Producer producer = Producer.create(Map.of("bootstrap.servers", "127.0.0.1:1", "max.request.size", "1024"))) {
            assertThat(producer.metrics()).isEqualTo(new ProducerMetrics(0, 0));
            assertThat(producer.send(new ProducerRecord("prices", null, null, null, new byte[4096], List.of())))
                    .isCompletedExceptionally();
            assertThat(producer.metrics()).isEqualTo(new ProducerMetrics(0, 1));
        }
    }
}
