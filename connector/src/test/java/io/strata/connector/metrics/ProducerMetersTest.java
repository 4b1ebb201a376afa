package io.strata.connector.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.client.producer.Producer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outgoing channel's producer and a dead-letter producer of the same channel name have meters
 * of their own, told apart by {@code role}, with the same tag keys; closing one removes only its own.
 * (No cluster: the producers never send, so the counters read 0.)
 */
class ProducerMetersTest {

    @Test
    void theRoleTagTellsTheProducersOfAChannelApartAndCloseRemovesOnlyItsOwn() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Producer outgoing = Producer.create(Map.of("bootstrap.servers", "127.0.0.1:1"));
             Producer deadLetters = Producer.create(Map.of("bootstrap.servers", "127.0.0.1:1"))) {
            ProducerMeters channel = new ProducerMeters(registry, "prices", ProducerMeters.OUTGOING, outgoing);
            ProducerMeters dlq = new ProducerMeters(registry, "prices", ProducerMeters.deadLetterQueueRole(0, 1), deadLetters);

            assertThat(registry.find("strata.producer.records.sent").tag("channel", "prices").functionCounters())
                    .extracting(counter -> counter.getId().getTag("role"))
                    .containsExactlyInAnyOrder("outgoing", "dead-letter-queue");
            assertThat(registry.find("strata.producer.records.failed").tag("role", "dead-letter-queue").functionCounter().count())
                    .isZero();

            dlq.close();
            assertThat(registry.find("strata.producer.records.sent").functionCounters())
                    .extracting(counter -> counter.getId().getTag("role")).containsExactly("outgoing");
            channel.close();
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @Test
    void eachConsumerOfAChannelWithSeveralHasADeadLetterRoleOfItsOwn() {
        assertThat(ProducerMeters.deadLetterQueueRole(0, 1)).isEqualTo("dead-letter-queue");
        assertThat(ProducerMeters.deadLetterQueueRole(0, 3)).isEqualTo("dead-letter-queue-0");
        assertThat(ProducerMeters.deadLetterQueueRole(2, 3)).isEqualTo("dead-letter-queue-2");
    }
}
