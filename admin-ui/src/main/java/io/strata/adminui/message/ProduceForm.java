package io.strata.adminui.message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The produce form, read: a key (blank: none, so the gateway spreads records), a value (text, sent
 * as its UTF-8 bytes, so JSON and plain text both arrive exactly as typed), a partition (blank: by
 * the key) and headers as {@code name=value} lines. Immutable.
 */
public record ProduceForm(String key, String value, Integer partition, ObjectNode request) {

    public static ProduceForm parse(String key, String value, String partition, String headers) {
        Integer p = null;
        if (partition != null && !partition.isBlank()) {
            try {
                p = Integer.parseInt(partition.strip());
            } catch (NumberFormatException e) {
                throw ConsoleProblem.invalid("partition: must be a whole number, got '" + partition.strip() + "'");
            }
        }
        ObjectNode request = GatewayClient.object();
        ObjectNode record = request.putArray("records").addObject();
        String k = key == null || key.isEmpty() ? null : key;
        if (k != null) {
            record.put("key", base64(k));
        }
        record.put("value", value == null ? null : base64(value));
        ArrayNode headerArray = record.putArray("headers");
        if (headers != null) {
            String[] lines = headers.split("\\R");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw ConsoleProblem.invalid("headers, line " + (i + 1) + ": expected name=value, got '" + line + "'");
                }
                headerArray.addObject().put("key", line.substring(0, eq).strip()).put("value", base64(line.substring(eq + 1).strip()));
            }
        }
        return new ProduceForm(k, value, p, request);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
