package io.strata.coordinator.instance;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores a consumer instance's configs as sorted "key=value" lines with key and value
 * percent-encoded: the configs come from REST users, so either may hold '=' or a newline.
 */
@Converter
public class ConsumerConfigsConverter implements AttributeConverter<Map<String, String>, String> {

    @Override
    public String convertToDatabaseColumn(Map<String, String> configs) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(configs).forEach((key, value) -> text.append(encode(key)).append('=').append(encode(value)).append('\n'));
        return text.toString();
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String text) {
        SortedMap<String, String> configs = new TreeMap<>();
        if (text == null) {
            return configs;
        }
        for (String line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                configs.put(decode(line.substring(0, equals)), decode(line.substring(equals + 1)));
            }
        }
        return configs;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
