package io.strata.client.admin;

import java.util.List;
import java.util.Map;

/** A topic as the metadata service describes it: its config overrides and its partitions in order. */
public record TopicInfo(String name, String topicId, int replicationFactor, Map<String, String> configs,
                        List<PartitionInfo> partitions) {

    public int partitionCount() {
        return partitions.size();
    }
}
