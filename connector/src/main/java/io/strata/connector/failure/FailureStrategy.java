package io.strata.connector.failure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values of an incoming channel's {@code failure-strategy} attribute, as smallrye-kafka names
 * them: what happens to a record whose message the application nacks.
 */
public enum FailureStrategy {
    /** The channel fails: no further record is delivered (the default). */
    FAIL,
    /** The failure is logged and the record counts as processed. */
    IGNORE,
    /** The record is written to the dead-letter topic with the failure in its headers, then counts as processed. */
    DEAD_LETTER_QUEUE;

    public static FailureStrategy of(String value) {
        for (FailureStrategy strategy : values()) {
            if (attributeValue(strategy).equals(value)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("failure-strategy=" + value + " is not one of "
                + Arrays.stream(values()).map(FailureStrategy::attributeValue).collect(Collectors.joining(", ")));
    }

    private static String attributeValue(FailureStrategy strategy) {
        return strategy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
