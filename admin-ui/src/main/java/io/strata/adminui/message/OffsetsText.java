package io.strata.adminui.message;

import io.strata.adminui.problem.ConsoleProblem;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A next offset per partition as a URL carries it, {@code 0:12,1:40}: the cursor of the live tail
 * and of a resumable message search, so the console keeps no state per viewer. Pure; thread-safe.
 */
public final class OffsetsText {

    private OffsetsText() {
    }

    /** Parses {@code partition:offset} pairs (blank: none); {@code name} is the URL parameter, named in errors. */
    public static Map<Integer, Long> parse(String name, String text) {
        Map<Integer, Long> next = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return next;
        }
        for (String entry : text.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw ConsoleProblem.invalid(name + ": expected partition:offset pairs separated by commas, got '" + text + "'");
            }
            next.put((int) count(name + " partition", entry.substring(0, colon)), count(name + " offset", entry.substring(colon + 1)));
        }
        return next;
    }

    /** The pairs in partition order. */
    public static String text(Map<Integer, Long> next) {
        return new TreeMap<>(next).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** A count or offset from a URL: blank is 0, anything but a whole number ≥ 0 is refused naming {@code name}. */
    public static long count(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ConsoleProblem.invalid(name + ": must be a whole number from 0 up, got '" + value.strip() + "'");
    }
}
