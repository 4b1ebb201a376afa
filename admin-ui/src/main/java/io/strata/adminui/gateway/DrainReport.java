package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * What {@code POST /admin/nodes/{id}/drain} answers: the moves the gateway planned to take every
 * replica off the node (empty: it held none) and the metadata service's answer per partition.
 */
@RegisterForReflection
public record DrainReport(int node, List<Move> moves, List<ReassignmentResultReport> results) {

    /** One planned move: the partition's replicas once the node is off it. */
    @RegisterForReflection
    public record Move(String topic, int partition, List<Integer> replicas) {
    }
}
