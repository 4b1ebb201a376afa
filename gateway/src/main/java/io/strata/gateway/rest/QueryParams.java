package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.Acks;
import io.strata.api.v1.ErrorCode;

/**
 * Reads path and query parameters as text and checks them here, so that {@code ?offset=abc} is an
 * INVALID_REQUEST naming the parameter rather than the framework's bare 404. Pure.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code ?acks=}: 0, 1, all (or -1); absent means all. */
    public static Acks acks(String value) {
        if (value == null || value.isEmpty()) {
            return Acks.ACKS_ALL;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "0" -> Acks.ACKS_NONE;
            case "1" -> Acks.ACKS_LEADER;
            case "all", "-1" -> Acks.ACKS_ALL;
            default -> throw new StrataException(ErrorCode.INVALID_REQUEST, "acks must be 0, 1 or all, got '" + value + "'");
        };
    }

    /** A number ≥ min, or {@code absent} when the parameter is not given. */
    public static long number(String name, String value, long min, long max, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, name + " must be between " + min + " and " + max
                    + ", got " + parsed);
        }
        return parsed;
    }

    /** A partition index from the path. */
    public static int partition(String value) {
        return (int) number("partition", value, 0, Integer.MAX_VALUE, -1);
    }
}
