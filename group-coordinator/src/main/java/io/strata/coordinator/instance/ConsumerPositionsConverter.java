package io.strata.coordinator.instance;

import io.strata.coordinator.assignment.TopicPartition;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores a consumer instance's read positions as "topic partition offset" lines, sorted, the topic
 * percent-encoded (so no topic name can break a line).
 */
@Converter
public class ConsumerPositionsConverter implements AttributeConverter<Map<TopicPartition, Long>, String> {

    @Override
    public String convertToDatabaseColumn(Map<TopicPartition, Long> positions) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(positions).forEach((partition, offset) -> text.append(ConsumerConfigsConverter.encode(partition.topic()))
                .append(' ').append(partition.partition()).append(' ').append(offset).append('\n'));
        return text.toString();
    }

    @Override
    public Map<TopicPartition, Long> convertToEntityAttribute(String text) {
        SortedMap<TopicPartition, Long> positions = new TreeMap<>();
        if (text == null) {
            return positions;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length == 3) {
                positions.put(new TopicPartition(ConsumerConfigsConverter.decode(fields[0]), Integer.parseInt(fields[1])),
                        Long.parseLong(fields[2]));
            }
        }
        return positions;
    }
}
