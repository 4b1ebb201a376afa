package io.strata.adminui.reassign;

import io.strata.adminui.problem.ConsoleProblem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The "move a partition" form: a topic, a partition and the target replicas as node ids separated by
 * commas or spaces ({@code 2, 3, 4}; the first is the preferred leader). Checked here for shape — a
 * number where a number belongs, at least one target, none twice — naming the field and the value;
 * whether the topic and nodes exist is the gateway's to answer.
 *
 * <p>Immutable.
 */
public record MoveForm(String topic, int partition, List<Integer> replicas) {

    /** The most target replicas one move may name (far above any replication factor in use). */
    static final int MAX_REPLICAS = 64;

    public static MoveForm parse(String topic, String partition, String replicas) {
        if (topic == null || topic.isBlank()) {
            throw ConsoleProblem.invalid("topic: required");
        }
        return new MoveForm(topic.strip(), number("partition", partition), targets(replicas));
    }

    /** The target node ids, in the order typed. */
    static List<Integer> targets(String text) {
        if (text == null || text.isBlank()) {
            throw ConsoleProblem.invalid("replicas: give the target node ids, e.g. 1,2,3");
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (String part : text.strip().split("[,\\s]+")) {
            int id = number("replicas", part);
            if (!ids.add(id)) {
                throw ConsoleProblem.invalid("replicas: node " + id + " is named twice in '" + text.strip() + "'");
            }
        }
        if (ids.size() > MAX_REPLICAS) {
            throw ConsoleProblem.invalid("replicas: " + ids.size() + " node ids; at most " + MAX_REPLICAS);
        }
        return List.copyOf(new ArrayList<>(ids));
    }

    private static int number(String name, String value) {
        String text = value == null ? "" : value.strip();
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleProblem.invalid(name + ": '" + text + "' is not a whole number of 0 or more");
    }
}
