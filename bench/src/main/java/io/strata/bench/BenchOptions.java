package io.strata.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs from the command line, with typed getters that name a bad value. */
final class BenchOptions {

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return new BenchOptions(values);
    }

    long longValue(String name, long defaultValue) {
        String value = values.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    int intValue(String name, int defaultValue) {
        return Math.toIntExact(longValue(name, defaultValue));
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }
}
