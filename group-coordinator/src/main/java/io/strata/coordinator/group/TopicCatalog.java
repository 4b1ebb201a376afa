package io.strata.coordinator.group;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The topics of the cluster and their partition counts, as of one metadata version: what target
 * assignments are computed from. {@code known} is false until the first metadata snapshot; until
 * then there are no topics, and nothing is taken away from members because of it.
 */
public record TopicCatalog(boolean known, long version, SortedMap<String, Integer> partitionCounts) {

    public static final TopicCatalog UNKNOWN = new TopicCatalog(false, 0, new TreeMap<>());

    public TopicCatalog {
        partitionCounts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(partitionCounts));
    }

    public static TopicCatalog of(long version, Map<String, Integer> partitionCounts) {
        return new TopicCatalog(true, version, new TreeMap<>(partitionCounts));
    }

    public int partitionCount(String topic) {
        return partitionCounts.getOrDefault(topic, 0);
    }
}
