package io.strata.adminui.form;

import io.strata.adminui.problem.ConsoleProblem;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A point in time as a form or URL gives it: milliseconds since the epoch, an ISO instant
 * ({@code 2026-12-05T10:00:00Z}), or a date-time without zone, taken as UTC (what an HTML
 * {@code datetime-local} field sends). Pure.
 */
public final class TimestampField {

    private TimestampField() {
    }

    /** Milliseconds since the epoch; a value it cannot read is refused naming {@code field}. */
    public static long parse(String field, String value) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            throw ConsoleProblem.invalid(field + ": give a timestamp (ms since the epoch, or 2026-12-05T10:00:00Z)");
        }
        if (text.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ConsoleProblem.invalid(field + ": '" + text + "' is too large for a timestamp");
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ConsoleProblem.invalid(field + ": '" + text + "' is not a timestamp (ms since the epoch, or 2026-12-05T10:00:00Z)");
            }
        }
    }
}
