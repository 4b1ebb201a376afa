package io.strata.kafka.backend;

import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;

import java.util.concurrent.CompletionStage;

/**
 * The metadata service's preferred-leader election on request, as Kafka's ElectLeaders needs it.
 * Forwarded unchanged; the service answers each partition. The stage fails with
 * {@link io.strata.api.error.StrataException} only when the whole call fails; it never blocks its caller.
 */
public interface LeaderElections {

    CompletionStage<ElectPreferredLeadersResponse> electPreferredLeaders(ElectPreferredLeadersRequest request);
}
