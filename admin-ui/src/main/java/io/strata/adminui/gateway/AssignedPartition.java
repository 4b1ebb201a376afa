package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A topic partition in a member's assignment.
 */
@RegisterForReflection
public record AssignedPartition(String topic, int partition) {
}
