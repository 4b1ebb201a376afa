package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.produce.OutgoingRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a REST produce body into records, checking every field and naming the first wrong one:
 *
 * <pre>
 * {"records": [{"key": K, "value": V, "partition": 0, "timestamp": 1764900000000, "headers": [{"key": "h", "value": "aGk="}]}]}
 * </pre>
 *
 * K and V are any JSON in the JSON format (stored as their compact JSON text; JSON null is a null
 * key or value) and base64 strings (or null) in the binary format. {@code partition},
 * {@code timestamp} (the Strimzi Bridge's create time, ms since the epoch; absent: now) and
 * {@code headers} are optional; header values are base64 or null. The REST Proxy's schema fields
 * ({@code key_schema}, {@code value_schema}, {@code key_schema_id}, {@code value_schema_id}) mean
 * nothing in the JSON and binary formats: they are accepted and named as ignored
 * ({@link IgnoredFields}). Other unknown fields are refused, so that a misspelt field does not
 * silently produce a record without it. Pure; thread-safe.
 */
public final class ProduceBody {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final BodyFields BODY_FIELDS = BodyFields.of("records")
            .ignoring("key_schema", "key_schema_id", "value_schema", "value_schema_id");
    private static final BodyFields RECORD_FIELDS = BodyFields.of("key", "value", "partition", "timestamp", "headers");

    private ProduceBody() {
    }

    /** The records of a produce body and the fields it carried that were ignored. */
    @RegisterForReflection
    public record Parsed(List<OutgoingRecord> records, IgnoredFields ignored) {
    }

    public static List<OutgoingRecord> parse(byte[] body, EmbeddedFormat format, int maxRecords) {
        return read(body, format, maxRecords).records();
    }

    public static Parsed read(byte[] body, EmbeddedFormat format, int maxRecords) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw invalid("the body must be a JSON object with a \"records\" array, got " + kind(root));
        }
        IgnoredFields ignored = IgnoredFields.of(BODY_FIELDS.check(root, ""));
        JsonNode records = root.get("records");
        if (records == null || !records.isArray()) {
            throw invalid("\"records\" must be an array of records, got " + (records == null ? "nothing" : kind(records)));
        }
        if (records.isEmpty()) {
            throw invalid("\"records\" is empty: send at least one record");
        }
        if (records.size() > maxRecords) {
            throw invalid("\"records\" holds " + records.size() + " records, more than the limit of " + maxRecords);
        }
        List<OutgoingRecord> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            parsed.add(record(records.get(i), "records[" + i + "]", format));
        }
        return new Parsed(parsed, ignored);
    }

    static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("the body is empty");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("malformed JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw invalid("unreadable body: " + e.getMessage());
        }
    }

    private static OutgoingRecord record(JsonNode record, String where, EmbeddedFormat format) {
        if (!record.isObject()) {
            throw invalid(where + " must be an object, got " + kind(record));
        }
        RECORD_FIELDS.check(record, where);
        Integer partition = null;
        JsonNode p = record.get("partition");
        if (p != null && !p.isNull()) {
            if (!p.isIntegralNumber() || !p.canConvertToInt()) {
                throw invalid(where + ".partition must be an integer, got " + kind(p));
            }
            partition = p.intValue();
        }
        long timestampMs = 0;
        JsonNode t = record.get("timestamp");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong() || t.longValue() < 0) {
                throw invalid(where + ".timestamp must be ms since the epoch (an integer ≥ 0), got " + kind(t));
            }
            timestampMs = t.longValue();
        }
        byte[] key = payload(record.get("key"), where + ".key", format);
        byte[] value = payload(record.get("value"), where + ".value", format);
        return new OutgoingRecord(partition, key, value, headers(record.get("headers"), where + ".headers"), timestampMs);
    }

    private static byte[] payload(JsonNode node, String where, EmbeddedFormat format) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (format == EmbeddedFormat.TEXT) {
            if (!node.isTextual()) {
                throw invalid(where + " must be a string in the text format, got " + kind(node));
            }
            return node.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (format == EmbeddedFormat.JSON) {
            try {
                return MAPPER.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                throw new StrataException(ErrorCode.INVALID_RECORD, where + " cannot be written as JSON: " + e.getOriginalMessage());
            }
        }
        return base64(node, where);
    }

    private static List<Header> headers(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(where + " must be an array of {\"key\": string, \"value\": base64}, got " + kind(node));
        }
        List<Header> headers = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode header = node.get(i);
            String at = where + "[" + i + "]";
            if (!header.isObject() || header.get("key") == null || !header.get("key").isTextual()) {
                throw invalid(at + " must be an object with a string \"key\"");
            }
            JsonNode value = header.get("value");
            headers.add(new RecordHeader(header.get("key").textValue(),
                    value == null || value.isNull() ? null : base64(value, at + ".value")));
        }
        return headers;
    }

    private static byte[] base64(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw invalid(where + " must be a base64 string, got " + kind(node));
        }
        try {
            return Base64.getDecoder().decode(node.textValue().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorCode.INVALID_RECORD, where + " is not valid base64: " + e.getMessage());
        }
    }

    /** What a JSON node is, for messages: "a string", "an object", … */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "the integer " + node.asText() : "the number " + node.asText();
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    static StrataException invalid(String message) {
        return new StrataException(ErrorCode.INVALID_REQUEST, message);
    }
}
