package io.strata.adminui.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.adminui.problem.ConsoleProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * A path into a JSON value, as the message search takes it: {@code $.customer.id},
 * {@code customer.id} (the {@code $.} may be left out), {@code $.items[0].sku} or
 * {@code $['odd name']}. Steps are field names or array indexes; there are no wildcards, filters or
 * recursive descent. A malformed path is refused naming the position where it went wrong. Immutable.
 *
 * @param text  the path as typed (stripped)
 * @param steps each a {@link String} field name or an {@link Integer} array index
 */
public record JsonPath(String text, List<Object> steps) {

    /** The longest path accepted (characters). */
    public static final int MAX_LENGTH = 500;

    public JsonPath {
        steps = List.copyOf(steps);
    }

    public static JsonPath parse(String typed) {
        String path = typed == null ? "" : typed.strip();
        if (path.isEmpty()) {
            throw invalid(path, "give a path such as $.customer.id");
        }
        if (path.length() > MAX_LENGTH) {
            throw invalid(path.substring(0, 40) + "…", "at most " + MAX_LENGTH + " characters");
        }
        List<Object> steps = new ArrayList<>();
        int at = 0;
        if (path.charAt(0) == '$') {
            at = 1;
        } else {
            at = name(path, 0, steps);
        }
        while (at < path.length()) {
            char c = path.charAt(at);
            if (c == '.') {
                at = name(path, at + 1, steps);
            } else if (c == '[') {
                at = bracket(path, at + 1, steps);
            } else {
                throw invalid(path, "expected '.' or '[' at position " + (at + 1) + ", found '" + c + "'");
            }
        }
        return new JsonPath(path, steps);
    }

    /** The node the path leads to, or a missing node. */
    public JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step instanceof Integer index ? node.path(index) : node.path((String) step);
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }

    private static int name(String path, int from, List<Object> steps) {
        int end = from;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[' && path.charAt(end) != ']'
                && path.charAt(end) != '\'' && path.charAt(end) != '"' && !Character.isWhitespace(path.charAt(end))) {
            end++;
        }
        if (end == from) {
            throw invalid(path, "expected a field name at position " + (from + 1)
                    + (from < path.length() ? ", found '" + path.charAt(from) + "'" : ", found the end"));
        }
        steps.add(path.substring(from, end));
        return end;
    }

    private static int bracket(String path, int from, List<Object> steps) {
        int close = path.indexOf(']', from);
        if (close < 0) {
            throw invalid(path, "'[' at position " + from + " is not closed with ']'");
        }
        String inside = path.substring(from, close).strip();
        if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
            steps.add(inside.substring(1, inside.length() - 1));
        } else if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit) && inside.length() <= 9) {
            steps.add(Integer.parseInt(inside));
        } else {
            throw invalid(path, "expected an array index or a quoted field name inside [ ] at position " + from
                    + ", found '" + inside + "'");
        }
        return close + 1;
    }

    private static ConsoleProblem invalid(String path, String what) {
        return ConsoleProblem.invalid("path: " + what + " (path '" + path + "')");
    }
}
