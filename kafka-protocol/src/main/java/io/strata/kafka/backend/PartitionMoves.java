package io.strata.kafka.backend;

import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.ListPartitionReassignmentsResponse;

import java.util.concurrent.CompletionStage;

/**
 * The metadata service's partition reassignments as Kafka's AlterPartitionReassignments and
 * ListPartitionReassignments need them. Forwarded unchanged; the service validates each partition
 * and names what it refuses. Stages fail with {@link io.strata.api.error.StrataException} only
 * when the whole call fails; none blocks its caller.
 */
public interface PartitionMoves {

    CompletionStage<AlterPartitionReassignmentsResponse> alterReassignments(AlterPartitionReassignmentsRequest request);

    CompletionStage<ListPartitionReassignmentsResponse> listReassignments(ListPartitionReassignmentsRequest request);
}
