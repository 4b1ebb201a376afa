package io.strata.adminui.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.HeaderReport;
import io.strata.adminui.gateway.RecordReport;

import java.time.Instant;

/**
 * One record as a single line of JSON, for "copy as JSON" and the JSON-lines download:
 * {@code {"topic","partition","offset","timestamp","timestamp_iso","key","key_kind","value",
 * "value_kind","headers":[{"key","value"}]}}. A key or value that is JSON is embedded as JSON, UTF-8
 * text as a string, other bytes as their base64 string; its {@code *_kind} ({@code json},
 * {@code text}, {@code base64}, {@code null}) says which, so the line can be turned back into the
 * exact bytes. Header values are text when UTF-8, else base64. Pure; thread-safe.
 */
public final class MessageJson {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private MessageJson() {
    }

    public static String line(RecordReport record) {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic()).put("partition", record.partition()).put("offset", record.offset())
                .put("timestamp", record.timestamp()).put("timestamp_iso", Instant.ofEpochMilli(record.timestamp()).toString());
        payload(line, "key", Payload.ofBase64(record.key()));
        payload(line, "value", Payload.ofBase64(record.value()));
        var headers = line.putArray("headers");
        if (record.headers() != null) {
            for (HeaderReport header : record.headers()) {
                headers.addObject().put("key", header.key()).put("value", Payload.ofBase64(header.value()).text());
            }
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a record as JSON", e);
        }
    }

    private static void payload(ObjectNode line, String field, Payload payload) {
        line.put(field + "_kind", payload.kind());
        switch (payload.kind()) {
            case "null" -> line.putNull(field);
            case "json" -> {
                try {
                    line.set(field, JSON.readTree(payload.text()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a payload read as JSON no longer parses", e);
                }
            }
            default -> line.put(field, payload.text());
        }
    }
}
