package io.strata.connector.commit;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The values of an incoming channel's {@code commit-strategy} attribute, named as smallrye-kafka
 * names them: {@code throttled} (commits only offsets below which every record was
 * acknowledged, every {@code auto.commit.interval.ms}), {@code latest} (commits the offset after
 * each acknowledged record at once, whatever came before it), {@code ignore} (the connector
 * commits nothing).
 */
public enum CommitStrategy {
    THROTTLED, LATEST, IGNORE;

    public static CommitStrategy of(String value) {
        for (CommitStrategy strategy : values()) {
            if (strategy.name().toLowerCase(Locale.ROOT).equals(value)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("commit-strategy=" + value + " is not one of "
                + Arrays.stream(values()).map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
