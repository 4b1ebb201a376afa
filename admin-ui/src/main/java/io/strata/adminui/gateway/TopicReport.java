package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A topic as {@code GET /admin/topics[/{t}]} reports it; {@code configs} holds only the topic's overrides.
 */
@RegisterForReflection
public record TopicReport(String name, String topicId, int replicationFactor, Map<String, String> configs, List<PartitionReport> partitions) {
}
