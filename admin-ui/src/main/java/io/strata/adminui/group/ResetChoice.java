package io.strata.adminui.group;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adminui.form.TimestampField;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An offset reset as the group page's form asks for it, read and checked: where to
 * ({@code earliest}, {@code latest}, {@code timestamp}, {@code offset} or {@code shift} by a signed
 * number of records), which topics (blank: every topic the group has committed offsets of) and
 * which partitions (blank: all). The raw form values are kept so the confirmation form can send
 * exactly what the dry run showed.
 *
 * <p>Immutable.
 */
public record ResetChoice(String to, long value, List<String> topics, List<Integer> partitions,
                          String rawValue, String rawTopic, String rawPartitions) {

    public static final List<String> TARGETS = List.of("earliest", "latest", "timestamp", "offset", "shift");

    /** Reads the form; {@code groupTopics} are the topics the group has committed offsets of. */
    public static ResetChoice parse(String to, String value, String topic, String partitions, List<String> groupTopics) {
        String target = to == null ? "" : to.strip().toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(target)) {
            throw ConsoleProblem.invalid("to: must be one of " + String.join(", ", TARGETS) + ", got '" + (to == null ? "" : to) + "'");
        }
        String rawValue = value == null ? "" : value.strip();
        long number = switch (target) {
            case "timestamp" -> TimestampField.parse("value", rawValue);
            case "offset" -> offset(rawValue);
            case "shift" -> shift(rawValue);
            default -> 0;
        };
        String rawTopic = topic == null ? "" : topic.strip();
        String rawPartitions = partitions == null ? "" : partitions.strip();
        List<Integer> chosen = partitionList(rawPartitions);
        if (!chosen.isEmpty() && rawTopic.isEmpty()) {
            throw ConsoleProblem.invalid("partitions: name the topic the partitions " + rawPartitions + " belong to");
        }
        List<String> topics = rawTopic.isEmpty() ? List.copyOf(groupTopics) : List.of(rawTopic);
        if (topics.isEmpty()) {
            throw ConsoleProblem.invalid("topic: the group has no committed offsets yet; name the topic to reset");
        }
        return new ResetChoice(target, number, topics, chosen, rawValue, rawTopic, rawPartitions);
    }

    private static long offset(String value) {
        if (value.isEmpty()) {
            throw ConsoleProblem.invalid("value: give the offset to reset to (0 or more)");
        }
        long offset = number("value", value);
        if (offset < 0) {
            throw ConsoleProblem.invalid("value: an offset must be 0 or more, got " + offset);
        }
        return offset;
    }

    private static long shift(String value) {
        if (value.isEmpty()) {
            throw ConsoleProblem.invalid("value: give the number of records to shift by (e.g. -100 or +20)");
        }
        return number("value", value.startsWith("+") ? value.substring(1) : value);
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ConsoleProblem.invalid(field + ": '" + value + "' is not a whole number");
        }
    }

    private static List<Integer> partitionList(String text) {
        List<Integer> partitions = new ArrayList<>();
        if (text.isEmpty()) {
            return partitions;
        }
        for (String part : text.split(",")) {
            try {
                int p = Integer.parseInt(part.strip());
                if (p < 0) {
                    throw new NumberFormatException();
                }
                partitions.add(p);
            } catch (NumberFormatException e) {
                throw ConsoleProblem.invalid("partitions: '" + part.strip() + "' is not a partition number (0 or more); "
                        + "give them comma-separated, e.g. 0,2");
            }
        }
        return List.copyOf(partitions);
    }

    public boolean shift() {
        return to.equals("shift");
    }

    /** Whether {@code topic}/{@code partition} is among the chosen ones. */
    public boolean covers(String topic, int partition) {
        return topics.contains(topic) && (partitions.isEmpty() || partitions.contains(partition));
    }

    /**
     * The gateway's reset body for an earliest, latest, timestamp or offset reset ({@code shift} has
     * no counterpart there: see {@link OffsetShift}).
     */
    public ObjectNode request(boolean dryRun) {
        if (shift()) {
            throw new IllegalStateException("a shift is applied as offset resets, not as one request");
        }
        ObjectNode request = GatewayClient.object().put("to", to);
        if (to.equals("timestamp")) {
            request.put("timestamp", value);
        } else if (to.equals("offset")) {
            request.put("offset", value);
        }
        ArrayNode entries = request.putArray("topics");
        for (String topic : topics) {
            ObjectNode entry = entries.addObject().put("topic", topic);
            if (!partitions.isEmpty()) {
                partitions.forEach(entry.putArray("partitions")::add);
            }
        }
        return request.put("dry_run", dryRun);
    }

    /** What the choice says, in words, for the dry run's heading. */
    public String describe() {
        String where = switch (to) {
            case "timestamp" -> "the first record at or after " + Instant.ofEpochMilli(value);
            case "offset" -> "offset " + value;
            case "shift" -> "the committed offset " + (value >= 0 ? "+ " + value : "− " + (-value)) + " records";
            default -> "the " + to + " offset";
        };
        String which = partitions.isEmpty() ? "every partition of " + String.join(", ", topics)
                : "partitions " + rawPartitions + " of " + String.join(", ", topics);
        return where + ", for " + which;
    }
}
