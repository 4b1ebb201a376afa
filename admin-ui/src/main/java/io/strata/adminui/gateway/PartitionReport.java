package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One partition of {@link TopicReport}: leader −1 when it has none; the offsets are null in the topic list and where the leader did not answer.
 */
@RegisterForReflection
public record PartitionReport(int partition, int leader, int leaderEpoch, List<Integer> replicas, List<Integer> isr, Long logStartOffset, Long highWatermark) {
}
