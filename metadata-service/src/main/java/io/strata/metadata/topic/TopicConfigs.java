package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one place topic configs are checked, and the layers a topic's effective configs come from.
 * Immutable.
 *
 * <p>Precedence, highest first: the topic's own override; the cluster default set at run time
 * (AlterClusterConfigs, stored in {@code cluster_state.topic_config_defaults}); the static cluster
 * default ({@code strata.metadata.topic-defaults}); Kafka's built-in default. The two cluster layers
 * together are what every node receives ({@link #clusterDefaults}); a node fills keys absent from
 * them with its own {@code strata.node.topic-defaults}. Overrides and dynamic defaults are kept only
 * for keys set, so a later change of a lower layer reaches everything that did not set the key.
 *
 * <p>Invariant: every stored value passed {@link #validate}, and every effective set a topic gets
 * when it is created or altered, and every cluster default set, passed {@link #checkConsistent}.
 */
public final class TopicConfigs {

    private final SortedMap<String, String> builtIn;
    private final SortedMap<String, String> staticDefaults;

    private TopicConfigs(SortedMap<String, String> builtIn, SortedMap<String, String> staticDefaults) {
        this.builtIn = Collections.unmodifiableSortedMap(builtIn);
        this.staticDefaults = Collections.unmodifiableSortedMap(staticDefaults);
    }

    /** Kafka's defaults and the static cluster defaults ({@code strata.metadata.topic-defaults}), checked like overrides. */
    public static TopicConfigs withClusterDefaults(Map<String, String> staticDefaults) {
        SortedMap<String, String> builtIn = new TreeMap<>();
        for (TopicConfigKey key : TopicConfigKey.values()) {
            builtIn.put(key.configName(), key.kafkaDefault());
        }
        SortedMap<String, String> checked = validate(staticDefaults);
        TopicConfigs configs = new TopicConfigs(builtIn, checked);
        checkConsistent(configs.effective(Map.of(), Map.of()), "strata.metadata.topic-defaults");
        return configs;
    }

    /** Every known key with its default when neither a dynamic cluster default nor an override is set. */
    public SortedMap<String, String> defaults() {
        return effective(Map.of(), Map.of());
    }

    /** The cluster defaults every node receives: the static ones overridden by the dynamic ones. */
    public SortedMap<String, String> clusterDefaults(Map<String, String> dynamicDefaults) {
        SortedMap<String, String> cluster = new TreeMap<>(staticDefaults);
        cluster.putAll(dynamicDefaults);
        return cluster;
    }

    /** The effective value of every known key for a topic with these overrides. */
    public SortedMap<String, String> effective(Map<String, String> dynamicDefaults, Map<String, String> overrides) {
        SortedMap<String, String> effective = new TreeMap<>(builtIn);
        effective.putAll(clusterDefaults(dynamicDefaults));
        effective.putAll(overrides);
        return effective;
    }

    /** Every known key's effective value and where it comes from, sorted by name. */
    public List<ConfigEntry> describe(Map<String, String> dynamicDefaults, Map<String, String> overrides) {
        List<ConfigEntry> entries = new ArrayList<>();
        effective(dynamicDefaults, overrides).forEach((name, value) -> {
            TopicConfigKey key = TopicConfigKey.require(name);
            entries.add(ConfigEntry.newBuilder()
                    .setName(name)
                    .setValue(value)
                    .setSource(source(name, dynamicDefaults, overrides))
                    .setType(key.type().name().toLowerCase(Locale.ROOT))
                    .setDocumentation(key.documentation())
                    .build());
        });
        return entries;
    }

    private ConfigSource source(String name, Map<String, String> dynamicDefaults, Map<String, String> overrides) {
        if (overrides.containsKey(name)) {
            return ConfigSource.CONFIG_SOURCE_TOPIC;
        }
        if (dynamicDefaults.containsKey(name)) {
            return ConfigSource.CONFIG_SOURCE_CLUSTER;
        }
        return staticDefaults.containsKey(name) ? ConfigSource.CONFIG_SOURCE_STATIC : ConfigSource.CONFIG_SOURCE_DEFAULT;
    }

    /**
     * The dynamic cluster defaults after {@code set} and {@code delete} (checked as {@link #alter}),
     * or INVALID_CONFIG when the cluster defaults they make are not {@link #checkConsistent consistent}.
     */
    public SortedMap<String, String> alterDynamicDefaults(Map<String, String> current, Map<String, String> set,
                                                          Collection<String> delete) {
        SortedMap<String, String> next = alter(current, set, delete);
        checkConsistent(effective(next, Map.of()), "cluster defaults");
        return next;
    }

    /**
     * The checks across keys of one effective set: {@code min.compaction.lag.ms} ≤
     * {@code max.compaction.lag.ms} (Kafka refuses the same; a node's cleaner cannot honour both).
     * INVALID_CONFIG names both keys, their values and {@code where} they were set.
     */
    public static void checkConsistent(Map<String, String> effective, String where) {
        String min = effective.get(TopicConfigKey.MIN_COMPACTION_LAG_MS.configName());
        String max = effective.get(TopicConfigKey.MAX_COMPACTION_LAG_MS.configName());
        if (min != null && max != null && Long.parseLong(min) > Long.parseLong(max)) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, where + ": min.compaction.lag.ms (" + min
                    + ") is greater than max.compaction.lag.ms (" + max + "); it must be at most that");
        }
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
