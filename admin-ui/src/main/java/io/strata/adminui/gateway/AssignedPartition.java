package io.strata.adminui.gateway;


/**
 * A topic partition in a member's assignment.
 */
public record AssignedPartition(String topic, int partition) {
}
