package io.strata.client.config;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings a caller gave, read with their types. Keys are Kafka's where the meaning is the
 * same; a value may be given as a String (as in a properties file) or as the typed object.
 * Every refused value is an {@link ErrorCode#INVALID_CONFIG} naming the key, the value and what
 * was expected, so a typo fails at {@code create} and not at the first record.
 *
 * <p>Not thread-safe; used once while a client is created.
 */
public final class ConfigValues {

    private final Map<String, Object> values;
    private final Set<String> read = new TreeSet<>();

    private ConfigValues(Map<String, Object> values) {
        this.values = values;
    }

    public static ConfigValues of(Map<String, ?> config) {
        if (config == null) {
            throw invalid("the configuration map must not be null");
        }
        Map<String, Object> copy = new HashMap<>();
        config.forEach((key, value) -> {
            if (key == null) {
                throw invalid("a configuration key is null");
            }
            copy.put(key, value);
        });
        return new ConfigValues(copy);
    }

    public static ConfigValues of(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return of(map);
    }

    /** Whether the caller set {@code key} (to anything but null). */
    public boolean isSet(String key) {
        return values.get(key) != null;
    }

    /** The keys given that no setting read: to warn about typos and settings of other clients. */
    public Set<String> unread() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    public String string(String key, String defaultValue) {
        Object value = raw(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    /** A required string; missing or blank is refused with {@code why} in the message. */
    public String requiredString(String key, String why) {
        String value = string(key, null);
        if (value == null || value.isEmpty()) {
            throw invalid(key + " is required: " + why);
        }
        return value;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) number(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        return number(key, defaultValue, min, max);
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key + " must be true or false, got '" + value + "'");
        };
    }

    /** One of {@code allowed} (compared without case), returned lower-cased. */
    public String choice(String key, String defaultValue, List<String> allowed) {
        String value = string(key, defaultValue).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw invalid(key + " must be one of " + allowed + ", got '" + raw(key) + "'");
        }
        return value;
    }

    private long number(String key, long defaultValue, long min, long max) {
        Object value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            parsed = ((Number) value).longValue();
        } else {
            try {
                parsed = Long.parseLong(value.toString().trim());
            } catch (NumberFormatException e) {
                throw invalid(key + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
            }
        }
        if (parsed < min || parsed > max) {
            throw invalid(key + " must be from " + min + " to " + max + ", got " + parsed);
        }
        return parsed;
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    static StrataClientException invalid(String message) {
        return new StrataClientException(ErrorCode.INVALID_CONFIG, message);
    }
}
