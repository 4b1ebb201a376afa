package io.strata.metadata.partition;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.List;

/** Stores a list of node ids as comma-separated text ("1,2,3"; "" for none). */
@Converter
public class NodeIdsConverter implements AttributeConverter<List<Integer>, String> {

    @Override
    public String convertToDatabaseColumn(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    @Override
    public List<Integer> convertToEntityAttribute(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }
}
