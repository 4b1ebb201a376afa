package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * A topic in the gateway's summary form: no partitions, their count and health counts instead
 * (under-replicated: ISR smaller than the replicas; offline: no leader, or a leader not UP).
 */
@RegisterForReflection
public record TopicSummaryReport(String name, String topicId, int replicationFactor, Map<String, String> configs,
                                 int partitionsCount, int underReplicated, int offline) {
}
