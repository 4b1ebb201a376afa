package io.strata.adminui.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audited action as it is stored in the audit topic, one JSON object per record (the record's
 * key is the user name):
 * <pre>{@code {"time":"2026-12-06T01:02:03.456Z","user":"alice","client":"10.0.0.7","action":"topic.create",
 *  "target":"orders","details":{"partitions":"3"},"outcome":"ok"}}</pre>
 * A failed action has {@code "outcome":"error"} with {@code "error_code"} and {@code "error"} (the
 * problem's detail). Immutable.
 */
public record AuditRecord(Instant time, String user, String client, AuditAction action, String target,
                          Map<String, String> details, String errorCode, String error) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static AuditRecord ok(Instant time, String user, String client, AuditAction action, String target, Map<String, String> details) {
        return new AuditRecord(time, user, client, action, target, details, null, null);
    }

    public AuditRecord failed(String code, String detail) {
        return new AuditRecord(time, user, client, action, target, details, code, detail);
    }

    public AuditRecord withDetail(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new AuditRecord(time, user, client, action, target, more, errorCode, error);
    }

    public boolean isOk() {
        return errorCode == null;
    }

    public String outcome() {
        return isOk() ? "ok" : "error";
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode().put("time", time.toString()).put("user", user).put("client", client)
                .put("action", action.id()).put("target", target);
        ObjectNode detailNode = node.putObject("details");
        details.forEach(detailNode::put);
        node.put("outcome", outcome());
        if (!isOk()) {
            node.put("error_code", errorCode).put("error", error);
        }
        return node.toString();
    }

    /** Reads a record written by {@link #toJson}; a value that is not one fails with the reason. */
    public static AuditRecord fromJson(String json) throws IOException {
        JsonNode node = JSON.readTree(json);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        AuditAction action = AuditAction.byId(node.path("action").asText())
                .orElseThrow(() -> new IOException("unknown action '" + node.path("action").asText() + "'"));
        Map<String, String> details = new LinkedHashMap<>();
        node.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        boolean ok = "ok".equals(node.path("outcome").asText());
        return new AuditRecord(Instant.parse(node.path("time").asText()), node.path("user").asText(), text(node, "client"), action,
                text(node, "target"), details, ok ? null : node.path("error_code").asText("UNKNOWN"), ok ? null : text(node, "error"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
