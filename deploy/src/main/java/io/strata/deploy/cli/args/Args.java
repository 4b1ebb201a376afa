package io.strata.deploy.cli.args;

import io.strata.deploy.cli.CliException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One verb's command line, parsed against its {@link ArgSpec}: positional words, options with values
 * ({@code --name value}, {@code --name=value}, or a short alias {@code -n value}; repeatable) and
 * flags ({@code --json}). Anything the spec does not name is a usage error that names it; so is an
 * option without its value, or a value of the wrong kind. Immutable once parsed.
 */
public final class Args {

    private final List<String> positionals;
    private final Map<String, List<String>> options;

    private Args(List<String> positionals, Map<String, List<String>> options) {
        this.positionals = List.copyOf(positionals);
        this.options = options;
    }

    /** Parses {@code words} (the words after the verb) against {@code spec}. */
    public static Args parse(ArgSpec spec, List<String> words) {
        List<String> positionals = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("--")) {
                positionals.addAll(words.subList(i + 1, words.size()));
                break;
            }
            if (!word.startsWith("-") || word.equals("-") || isNegativeNumber(word)) {
                positionals.add(word);
                continue;
            }
            int eq = word.indexOf('=');
            String given = word.startsWith("--") && eq > 0 ? word.substring(0, eq) : word;
            String name = spec.canonical(given).orElseThrow(() ->
                    CliException.usage("unknown option '" + given + "'" + spec.knownHint()));
            if (spec.isFlag(name)) {
                if (eq > 0 && word.startsWith("--")) {
                    throw CliException.usage(name + " takes no value");
                }
                options.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
            } else if (eq > 0 && word.startsWith("--")) {
                options.computeIfAbsent(name, n -> new ArrayList<>()).add(word.substring(eq + 1));
            } else {
                if (i + 1 >= words.size()) {
                    throw CliException.usage(name + " needs a value");
                }
                options.computeIfAbsent(name, n -> new ArrayList<>()).add(words.get(++i));
            }
        }
        return new Args(positionals, options);
    }

    private static boolean isNegativeNumber(String word) {
        return word.length() > 1 && word.charAt(0) == '-' && word.substring(1).chars().allMatch(Character::isDigit);
    }

    /** Whether flag {@code name} was given. */
    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /** The last value of option {@code name}, if given. */
    public Optional<String> option(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    /** Every value of a repeatable option, in order. */
    public List<String> all(String name) {
        return List.copyOf(options.getOrDefault(name, List.of()));
    }

    /** Option {@code name} as a whole number within [min, max], else {@code fallback}. */
    public long number(String name, long min, long max, long fallback) {
        Optional<String> value = option(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage(name + " wants a whole number from " + min + " to " + max + ", got '" + value.get() + "'");
        }
    }

    /** The positional word at {@code index}, named {@code what} in the error when it is missing. */
    public String positional(int index, String what) {
        if (index >= positionals.size()) {
            throw CliException.usage("missing " + what);
        }
        return positionals.get(index);
    }

    /** Refuses positional words beyond the first {@code count}. */
    public Args expectPositionals(int count) {
        if (positionals.size() > count) {
            throw CliException.usage("unexpected argument '" + positionals.get(count) + "'");
        }
        return this;
    }

    public List<String> positionals() {
        return positionals;
    }

    /** Repeatable {@code name=value} options as an ordered map; a value-less one is a usage error. */
    public Map<String, String> assignments(String option) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String assignment : all(option)) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage(option + " wants NAME=VALUE, got '" + assignment + "'");
            }
            map.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return map;
    }

    /**
     * A point in time as milliseconds since the epoch: a whole number of ms, or an ISO-8601 instant
     * ({@code 2026-12-05T08:00:00Z}).
     */
    public static long epochMillis(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(value.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw CliException.usage(option + " wants ms since the epoch or an ISO-8601 instant "
                        + "(2026-12-05T08:00:00Z), got '" + value + "'");
            }
        }
    }
}
