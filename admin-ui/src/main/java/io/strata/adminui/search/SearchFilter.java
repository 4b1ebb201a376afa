package io.strata.adminui.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a message search keeps. Keys and header values are compared as exact bytes (the UTF-8 of
 * what was typed), through their base64 as the gateway answers them, so matching a record costs no
 * decoding. Pure, immutable and thread-safe.
 */
public sealed interface SearchFilter {

    boolean matches(RecordReport record);

    /** The filter as a short phrase for the page ("key = alice"). */
    String describe();

    /** Records whose key is exactly {@code key}. */
    record Key(String key, String keyBase64) implements SearchFilter {

        public static Key of(String key) {
            return new Key(key, base64(key));
        }

        @Override
        public boolean matches(RecordReport record) {
            return keyBase64.equals(record.key());
        }

        @Override
        public String describe() {
            return "key = " + key;
        }
    }

    /** Records with a header named {@code name}, and when {@code value} is not null, with exactly that value. */
    record Header(String name, String value, String valueBase64) implements SearchFilter {

        public static Header of(String name, String value) {
            return new Header(name, value, value == null ? null : base64(value));
        }

        @Override
        public boolean matches(RecordReport record) {
            if (record.headers() == null) {
                return false;
            }
            for (HeaderReport header : record.headers()) {
                if (name.equals(header.key()) && (valueBase64 == null || valueBase64.equals(header.value()))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "header " + name + (value == null ? " present" : " = " + value);
        }
    }

    /**
     * Records whose value is JSON with {@code value} at {@code path}: a string, number, boolean or
     * null found there matches when its text equals {@code value} ({@code 42} matches the number
     * 42 and the string "42"); an object or array when {@code value} parses as equal JSON. A null
     * {@code value} keeps every record where the path exists. Values that are not JSON never match.
     */
    record JsonField(JsonPath path, String value, JsonNode valueJson) implements SearchFilter {

        private static final ObjectMapper JSON = JsonMapper.builder().build();

        public static JsonField of(JsonPath path, String value) {
            JsonNode parsed = null;
            if (value != null) {
                try {
                    parsed = JSON.readTree(value);
                } catch (JsonProcessingException notJson) {
                    parsed = null;   // compared as text only
                }
            }
            return new JsonField(path, value, parsed);
        }

        @Override
        public boolean matches(RecordReport record) {
            if (record.value() == null) {
                return false;
            }
            byte[] bytes = Base64.getDecoder().decode(record.value());
            int first = 0;
            while (first < bytes.length && Character.isWhitespace(bytes[first])) {
                first++;
            }
            if (first == bytes.length || (bytes[first] != '{' && bytes[first] != '[')) {
                return false;   // not a JSON object or array: skip the parse
            }
            JsonNode found;
            try {
                found = path.find(JSON.readTree(bytes));
            } catch (IOException notJson) {
                return false;
            }
            if (found == null || found.isMissingNode()) {
                return false;
            }
            if (value == null) {
                return true;
            }
            return found.isValueNode() && found.asText().equals(value) || found.equals(valueJson);
        }

        @Override
        public String describe() {
            return "value " + path.text() + (value == null ? " present" : " = " + value);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
