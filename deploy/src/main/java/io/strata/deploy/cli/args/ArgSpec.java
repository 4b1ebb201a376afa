package io.strata.deploy.cli.args;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options one verb understands: long names ({@code --partitions}), optional short aliases
 * ({@code -p}), and which of them are flags without a value. Built once per verb; immutable after
 * building by convention (a builder that returns itself).
 */
public final class ArgSpec {

    private final Map<String, String> canonical = new HashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** An option with a value, and its aliases ({@code "--format", "-f"}). */
    public ArgSpec option(String name, String... aliases) {
        names.add(name);
        canonical.put(name, name);
        for (String alias : aliases) {
            canonical.put(alias, name);
        }
        return this;
    }

    /** A flag without a value, and its aliases. */
    public ArgSpec flag(String name, String... aliases) {
        option(name, aliases);
        flags.add(name);
        return this;
    }

    Optional<String> canonical(String given) {
        return Optional.ofNullable(canonical.get(given));
    }

    boolean isFlag(String name) {
        return flags.contains(name);
    }

    String knownHint() {
        return names.isEmpty() ? " (this verb takes no options)" : "; known: " + String.join(", ", names);
    }
}
