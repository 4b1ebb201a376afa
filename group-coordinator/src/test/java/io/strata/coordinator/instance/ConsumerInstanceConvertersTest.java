package io.strata.coordinator.instance;

import io.strata.coordinator.assignment.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerInstanceConvertersTest {

    @Test
    void configsWithAnyCharactersRoundTrip() {
        ConsumerConfigsConverter converter = new ConsumerConfigsConverter();
        Map<String, String> configs = Map.of("auto.offset.reset", "earliest", "we=ird\nkey", "va=lue\n%20 ü", "empty", "");
        assertThat(converter.convertToEntityAttribute(converter.convertToDatabaseColumn(configs))).isEqualTo(configs);
        assertThat(converter.convertToEntityAttribute(null)).isEmpty();
    }

    @Test
    void positionsRoundTripInOrder() {
        ConsumerPositionsConverter converter = new ConsumerPositionsConverter();
        Map<TopicPartition, Long> positions = new TreeMap<>(Map.of(new TopicPartition("b", 0), 5L,
                new TopicPartition("a b", 10), 0L, new TopicPartition("a", 2), 123456789012L));
        String text = converter.convertToDatabaseColumn(positions);
        assertThat(text).startsWith("a 2 123456789012\na+b 10 0\n");
        assertThat(converter.convertToEntityAttribute(text)).isEqualTo(positions);
    }
}
