package io.strata.metadata.topic;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores a topic's config overrides (and the cluster's dynamic defaults of them,
 * {@code cluster_state.topic_config_defaults}) as sorted "key=value" lines. Safe because keys are known
 * names and values canonical numbers, booleans or policy names: neither holds '=' or a newline.
 */
@Converter
public class ConfigOverridesConverter implements AttributeConverter<Map<String, String>, String> {

    @Override
    public String convertToDatabaseColumn(Map<String, String> overrides) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(overrides).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String text) {
        SortedMap<String, String> overrides = new TreeMap<>();
        if (text == null) {
            return overrides;
        }
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                overrides.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return overrides;
    }
}
