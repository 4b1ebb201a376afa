package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A partition move in progress as {@code GET /admin/reassignments} lists it: {@code replicas} is the
 * whole set while it moves (old and new), {@code addingReplicas} the targets not yet part of the
 * partition for good, {@code removingReplicas} those that go once the targets are in sync, {@code isr}
 * the partition's in-sync replicas now.
 */
@RegisterForReflection
public record ReassignmentReport(String topic, int partition, List<Integer> replicas, List<Integer> addingReplicas,
                                 List<Integer> removingReplicas, List<Integer> isr) {

    /** The reassignments answer: {@code {"reassignments": [...], "metadata_version": n}}. */
    @RegisterForReflection
    public record Listing(List<ReassignmentReport> reassignments) {
    }
}
