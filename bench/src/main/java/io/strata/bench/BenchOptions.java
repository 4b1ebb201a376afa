package io.strata.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --name value} pairs from the command line, with typed getters that name a bad value.
 * A bare {@code --name} (followed by another option or nothing) means {@code --name true}, so
 * flags such as {@code --keep} read naturally.
 */
public final class BenchOptions {

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    public static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || args[i].length() == 2) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            boolean bareFlag = i + 1 >= args.length || args[i + 1].startsWith("--");
            String value = bareFlag ? "true" : args[++i];
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " is given twice");
            }
        }
        return new BenchOptions(values);
    }

    /** Refuses options no benchmark reads: a misspelt {@code --record-szie} would otherwise be ignored. */
    public BenchOptions requireKnown(Collection<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown.stream().map(u -> "--" + u).toList()
                    + "; known: " + new TreeSet<>(known).stream().map(k -> "--" + k).toList());
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public long longValue(String name, long defaultValue) {
        String value = values.get(name);
        try {
            return value == null ? defaultValue : Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    public int intValue(String name, int defaultValue) {
        long value = longValue(name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " is too large: " + value);
        }
        return (int) value;
    }

    public boolean booleanValue(String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
        };
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }
}
