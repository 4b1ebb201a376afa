package io.strata.kafka.sasl;

import io.strata.api.scram.ScramAlgorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The SASL mechanisms the Kafka listener can offer, by their SASL names. Immutable. */
public enum SaslMechanism {

    PLAIN("PLAIN", Optional.empty()),
    SCRAM_SHA_256("SCRAM-SHA-256", Optional.of(ScramAlgorithm.SCRAM_SHA_256)),
    SCRAM_SHA_512("SCRAM-SHA-512", Optional.of(ScramAlgorithm.SCRAM_SHA_512));

    private final String saslName;
    private final Optional<ScramAlgorithm> scram;

    SaslMechanism(String saslName, Optional<ScramAlgorithm> scram) {
        this.saslName = saslName;
        this.scram = scram;
    }

    public String saslName() {
        return saslName;
    }

    /** The SCRAM algorithm of a SCRAM mechanism; empty for PLAIN. */
    public Optional<ScramAlgorithm> scram() {
        return scram;
    }

    /** The mechanism of a SASL name (exact, as Kafka compares them), if offered at all. */
    public static Optional<SaslMechanism> ofSaslName(String name) {
        return Arrays.stream(values()).filter(m -> m.saslName.equals(name)).findFirst();
    }

    /**
     * The mechanisms of a configured list ({@code strata.node.kafka.sasl.enabled-mechanisms}),
     * names case-insensitive; an unknown name is refused naming it and the known ones.
     */
    public static Set<SaslMechanism> parse(List<String> names) {
        Set<SaslMechanism> mechanisms = EnumSet.noneOf(SaslMechanism.class);
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            mechanisms.add(ofSaslName(trimmed.toUpperCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
                    "strata.node.kafka.sasl.enabled-mechanisms: '" + trimmed + "' is not one of " + names())));
        }
        return mechanisms;
    }

    /** The SASL names of {@code mechanisms}, in declaration order (the SaslHandshake answer). */
    public static List<String> names(Set<SaslMechanism> mechanisms) {
        List<String> names = new ArrayList<>();
        for (SaslMechanism mechanism : values()) {
            if (mechanisms.contains(mechanism)) {
                names.add(mechanism.saslName);
            }
        }
        return names;
    }

    private static List<String> names() {
        return Arrays.stream(values()).map(SaslMechanism::saslName).toList();
    }
}
