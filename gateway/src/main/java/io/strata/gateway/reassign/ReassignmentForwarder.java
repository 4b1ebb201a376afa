package io.strata.gateway.reassign;

import io.smallrye.mutiny.Uni;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.AlterPartitionReassignmentsResponse;
import io.strata.api.v1.ElectPreferredLeadersRequest;
import io.strata.api.v1.ElectPreferredLeadersResponse;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.ListPartitionReassignmentsResponse;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.TopicDescription;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.reassign.DrainPlanner.Placement;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.MetadataServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Partition reassignments through the gateway: forwarded to the metadata service (which checks and
 * applies them, and finishes each move when its target is in sync), answered once this gateway's
 * cache has the change. A drain is planned here ({@link DrainPlanner}) from this gateway's
 * metadata view and submitted as one reassignment. Preferred-leader elections on request go the
 * same way (leadership moves within a partition's replicas). Stateless.
 */
@ApplicationScoped
public class ReassignmentForwarder {

    @Inject
    MetadataServiceClient metadata;
    @Inject
    MetadataCache cache;
    @Inject
    GatewayConfig config;

    /** A drain's plan and what the metadata service answered to it. */
    public record Drain(int node, List<Placement> moves, AlterPartitionReassignmentsResponse submitted) {
    }

    public Uni<AlterPartitionReassignmentsResponse> alter(AlterPartitionReassignmentsRequest request) {
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .alterPartitionReassignments(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    /** Preferred-leader election on request, answered once this gateway's cache has the change. */
    public Uni<ElectPreferredLeadersResponse> electPreferred(ElectPreferredLeadersRequest request) {
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .electPreferredLeaders(request)
                .call(response -> cache.awaitVersion(response.getMetadataVersion(), Deadline.after(config.requestTimeout())));
    }

    public Uni<ListPartitionReassignmentsResponse> list(ListPartitionReassignmentsRequest request) {
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .listPartitionReassignments(request);
    }

    /** Moves every replica off {@code node} onto the other nodes, evenly; nothing to move answers an empty plan. */
    public Uni<Drain> drain(int node) {
        return Uni.createFrom().deferred(() -> {
            ClusterMetadata view = cache.current();
            List<Placement> moves = DrainPlanner.plan(node, view.nodes().keySet(), placements(view));
            if (moves.isEmpty()) {
                return Uni.createFrom().item(new Drain(node, moves, AlterPartitionReassignmentsResponse.getDefaultInstance()));
            }
            AlterPartitionReassignmentsRequest.Builder request = AlterPartitionReassignmentsRequest.newBuilder();
            moves.forEach(move -> request.addReassignments(PartitionReassignment.newBuilder().setTopic(move.topic())
                    .setPartition(move.partition()).addAllTargetReplicas(move.replicas())));
            return alter(request.build()).map(response -> new Drain(node, moves, response));
        });
    }

    /** Every partition's target replicas (its replicas when not moving). */
    static List<Placement> placements(ClusterMetadata view) {
        List<Placement> placements = new ArrayList<>();
        for (TopicDescription topic : view.topics().values()) {
            for (PartitionDescription p : topic.getPartitionsList()) {
                List<Integer> target = p.getReplicasList().stream()
                        .filter(node -> !p.getRemovingReplicasList().contains(node)).toList();
                placements.add(new Placement(topic.getName(), p.getPartition(), target));
            }
        }
        return placements;
    }
}
