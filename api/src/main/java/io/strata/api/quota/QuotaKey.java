package io.strata.api.quota;

import java.util.Arrays;
import java.util.Set;

/**
 * The client quota keys Strata enforces, under Kafka's names. Kafka's other keys
 * ({@code request_percentage}, {@code controller_mutation_rate}, {@code connection_creation_rate})
 * are refused by name rather than stored and ignored, so nobody believes they hold. Stateless.
 */
public enum QuotaKey {

    /** Bytes of records a principal/client id may produce per second (Produce requests' record bytes). */
    PRODUCER_BYTE_RATE("producer_byte_rate"),
    /** Bytes of records a principal/client id may fetch per second (Fetch responses' record bytes). */
    CONSUMER_BYTE_RATE("consumer_byte_rate");

    private static final Set<String> NOT_ENFORCED = Set.of("request_percentage", "controller_mutation_rate",
            "connection_creation_rate");

    private final String kafkaName;

    QuotaKey(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The key as Kafka names it, e.g. {@code producer_byte_rate}. */
    public String kafkaName() {
        return kafkaName;
    }

    /** The key Kafka calls {@code name}; an {@link IllegalArgumentException} naming it when Strata does not enforce it. */
    public static QuotaKey parse(String name) {
        for (QuotaKey key : values()) {
            if (key.kafkaName.equals(name)) {
                return key;
            }
        }
        if (NOT_ENFORCED.contains(name)) {
            throw new IllegalArgumentException(name + ": this quota is not enforced by Strata (only "
                    + Arrays.stream(values()).map(QuotaKey::kafkaName).toList() + " are)");
        }
        throw new IllegalArgumentException("'" + name + "' is not a client quota key (one of "
                + Arrays.stream(values()).map(QuotaKey::kafkaName).toList() + ")");
    }

    /**
     * A rate as stored: Kafka carries quota values as doubles; a byte rate must be a whole number
     * of bytes per second, at least 1 (Kafka's own check refuses fractions too).
     */
    public long checkedValue(double value) {
        if (Double.isNaN(value) || value < 1 || value > Long.MAX_VALUE || value != Math.rint(value)) {
            throw new IllegalArgumentException(kafkaName + ": " + value + " is not a whole number of bytes per second of at least 1");
        }
        return (long) value;
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
