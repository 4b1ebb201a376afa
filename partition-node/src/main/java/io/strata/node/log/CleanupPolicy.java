package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A topic's {@code cleanup.policy}, as Kafka spells it: {@code delete} (time and size retention
 * delete old segments), {@code compact} (the log cleaner keeps the newest record of each key and
 * nothing is deleted by age or size) or both, written {@code compact,delete} in either order.
 */
public enum CleanupPolicy {
    DELETE(false, true),
    COMPACT(true, false),
    COMPACT_DELETE(true, true);

    public static final String KEY = "cleanup.policy";

    private final boolean compacts;
    private final boolean deletes;

    CleanupPolicy(boolean compacts, boolean deletes) {
        this.compacts = compacts;
        this.deletes = deletes;
    }

    public boolean compacts() {
        return compacts;
    }

    public boolean deletes() {
        return deletes;
    }

    /** Kafka's spelling: {@code delete}, {@code compact} or {@code compact,delete}. */
    public String configValue() {
        return switch (this) {
            case DELETE -> "delete";
            case COMPACT -> "compact";
            case COMPACT_DELETE -> "compact,delete";
        };
    }

    /**
     * Parses a comma-separated list of {@code delete} and {@code compact} (case and spaces
     * ignored, each at most once), or refuses it with INVALID_CONFIG naming the value.
     */
    public static CleanupPolicy parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        Set<String> parts = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String policy = part.trim();
            if (!policy.equals("delete") && !policy.equals("compact") || !parts.add(policy)) {
                throw new StrataException(ErrorCode.INVALID_CONFIG, "topic config '" + KEY + "' must be delete, compact or"
                        + " compact,delete, got '" + value + "'");
            }
        }
        return parts.size() == 2 ? COMPACT_DELETE : parts.contains("compact") ? COMPACT : DELETE;
    }

    /** Every spelling {@link #parse} accepts, lower-case, for documentation. */
    public static String describeValues() {
        return Arrays.stream(values()).map(CleanupPolicy::configValue).toList().toString();
    }
}
