package io.strata.gateway.admin;

import io.strata.api.v1.TopicDescription;

import java.util.Map;

/** A topic as the metadata service describes it, with each partition's offsets from its leader (by partition index). */
public record DescribedTopic(TopicDescription topic, Map<Integer, PartitionOffsets> offsets) {
}
