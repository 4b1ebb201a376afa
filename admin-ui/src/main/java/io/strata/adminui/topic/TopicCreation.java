package io.strata.adminui.topic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The create-topic form, read: a name, a partition count and a replication factor (blank: the
 * cluster's defaults) and configs as {@code name=value} lines. Only the form's shape is checked here
 * (whole numbers, {@code =} on every line, no key twice); whether a value is allowed is the
 * gateway's to say, and its refusal is what the user sees.
 *
 * <p>Immutable.
 */
public record TopicCreation(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs) {

    public static TopicCreation parse(String name, String partitions, String replicationFactor, String configs) {
        return new TopicCreation(name == null ? "" : name.strip(), optionalInt("partitions", partitions),
                optionalInt("replication factor", replicationFactor), configLines(configs));
    }

    /** A whole number, or null when blank; {@code field} names it in the problem. */
    static Integer optionalInt(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ConsoleProblem.invalid(field + ": must be a whole number, got '" + value.strip() + "'");
        }
    }

    /** {@code name=value} per line; blank lines and lines starting with {@code #} are skipped. */
    static Map<String, String> configLines(String text) {
        Map<String, String> configs = new LinkedHashMap<>();
        if (text == null) {
            return configs;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw ConsoleProblem.invalid("configs, line " + (i + 1) + ": expected name=value, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (configs.put(key, line.substring(eq + 1).strip()) != null) {
                throw ConsoleProblem.invalid("configs, line " + (i + 1) + ": '" + key + "' is given twice");
            }
        }
        return configs;
    }

    /** The gateway's {@code POST /admin/topics} body; blank fields left out (the cluster's defaults). */
    public ObjectNode request() {
        ObjectNode request = GatewayClient.object().put("name", name);
        if (partitions != null) {
            request.put("partitions", partitions);
        }
        if (replicationFactor != null) {
            request.put("replication_factor", replicationFactor);
        }
        if (!configs.isEmpty()) {
            ObjectNode values = request.putObject("configs");
            configs.forEach(values::put);
        }
        return request;
    }
}
