package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster defaults of the topic configs and the checks on a topic's overrides. Immutable.
 * Overrides are kept only for keys set on the topic, so a later change of a cluster default
 * reaches every topic that did not override it.
 */
public final class TopicConfigs {

    private final SortedMap<String, String> defaults;

    private TopicConfigs(SortedMap<String, String> defaults) {
        this.defaults = Collections.unmodifiableSortedMap(defaults);
    }

    /** Kafka's defaults overridden by the cluster's ({@code strata.metadata.topic-defaults}), checked like overrides. */
    public static TopicConfigs withClusterDefaults(Map<String, String> clusterDefaults) {
        SortedMap<String, String> defaults = new TreeMap<>();
        for (TopicConfigKey key : TopicConfigKey.values()) {
            defaults.put(key.configName(), key.kafkaDefault());
        }
        defaults.putAll(validate(clusterDefaults));
        return new TopicConfigs(defaults);
    }

    /** Every known key with its cluster default, sorted by key. */
    public SortedMap<String, String> defaults() {
        return defaults;
    }

    /** The effective value of every known key for a topic with these overrides. */
    public SortedMap<String, String> effective(Map<String, String> overrides) {
        SortedMap<String, String> effective = new TreeMap<>(defaults);
        effective.putAll(overrides);
        return effective;
    }

    /** Overrides in canonical form, sorted; INVALID_CONFIG names the first unknown key or bad value. */
    public static SortedMap<String, String> validate(Map<String, String> overrides) {
        SortedMap<String, String> valid = new TreeMap<>();
        new TreeMap<>(overrides).forEach((name, value) -> valid.put(name, TopicConfigKey.require(name).canonical(value)));
        return valid;
    }

    /**
     * The overrides after an incremental change: {@code set} validated and applied, then the keys
     * in {@code delete} removed. A key both set and deleted is refused as ambiguous.
     */
    public static SortedMap<String, String> alter(Map<String, String> current, Map<String, String> set,
                                                  Collection<String> delete) {
        SortedMap<String, String> next = new TreeMap<>(current);
        next.putAll(validate(set));
        for (String name : delete) {
            TopicConfigKey.require(name);
            if (set.containsKey(name)) {
                throw new StrataException(ErrorCode.INVALID_CONFIG,
                        "delete: config key '" + name + "' is both set and deleted in one request");
            }
            next.remove(name);
        }
        return next;
    }
}
