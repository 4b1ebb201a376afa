package io.strata.node.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a replica's settings come from, and in which order. Precedence, highest first:
 * <ol>
 *   <li>the topic's own override (the topic's configs in the metadata);</li>
 *   <li>the cluster default (set in the metadata service, delivered by the metadata watch);</li>
 *   <li>this node's setting ({@code strata.node.topic-defaults."<key>"}, already in {@code nodeDefaults});</li>
 *   <li>Kafka's built-in default ({@link LogConfig#DEFAULTS}, under the node's settings).</li>
 * </ol>
 * Invariant: a key's value comes from the highest layer that sets it, so a change of a lower layer
 * reaches exactly the replicas whose higher layers leave that key unset. Cluster defaults this node
 * does not know (a newer metadata service may know more keys) are left out, never refused, so one
 * unknown key cannot stop every other default from applying; {@link #ignored()} names them.
 *
 * <p>Immutable; a change of the cluster defaults makes a new instance.
 *
 * @param nodeDefaults    Kafka's defaults overridden by this node's settings
 * @param clusterDefaults the cluster defaults as the metadata service sent them (topic config names)
 */
public record ConfigLayers(LogConfig nodeDefaults, Map<String, String> clusterDefaults) {

    public ConfigLayers {
        clusterDefaults = Map.copyOf(clusterDefaults);
    }

    /** The topic configs in force for a topic with these overrides: known cluster defaults, then the overrides. */
    public Map<String, String> effective(Map<String, String> topicConfigs) {
        Map<String, String> effective = new LinkedHashMap<>();
        clusterDefaults.forEach((key, value) -> {
            if (LogConfig.knows(key)) {
                effective.put(key, value);
            }
        });
        effective.putAll(topicConfigs);
        return effective;
    }

    /**
     * The log settings of a replica whose topic has these overrides; INVALID_CONFIG naming the key
     * when a value (its own or a cluster default) is not one the log accepts.
     */
    public LogConfig resolve(Map<String, String> topicConfigs) {
        return nodeDefaults.with(effective(topicConfigs));
    }

    /** Cluster defaults this node does not know and leaves out, sorted. */
    public Set<String> ignored() {
        Set<String> ignored = new TreeSet<>(clusterDefaults.keySet());
        ignored.removeIf(LogConfig::knows);
        return ignored;
    }
}
