package io.strata.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.AlterPartitionReassignmentsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListPartitionReassignmentsRequest;
import io.strata.api.v1.PartitionReassignment;
import io.strata.api.v1.ReassignmentResult;
import io.strata.gateway.reassign.ReassignmentForwarder;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Partition reassignment over REST: {@code POST /admin/reassignments} starts (or, with
 * {@code "replicas": null}, cancels) moves and answers per partition; {@code GET} lists the moves in
 * progress; {@code DELETE /admin/reassignments/{topic}/{partition}} cancels one (refusals as
 * problem+json, e.g. 404 NO_REASSIGNMENT_IN_PROGRESS); {@code POST /admin/nodes/{id}/drain} moves
 * every replica off a node ({@link ReassignmentForwarder#drain}); {@code POST /admin/leaders/preferred}
 * makes each partition's first replica its leader where it is in sync (Kafka's preferred-leader
 * election; per partition ELECTION_NOT_NEEDED or PREFERRED_LEADER_NOT_AVAILABLE otherwise). Bodies:
 * {@link ReassignmentJson}, {@link PreferredLeaderJson}.
 */
@Path("/admin")
public class ReassignmentResource {

    @Inject
    ReassignmentForwarder reassignments;

    @POST
    @Path("reassignments")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> alter(byte[] body) {
        return Uni.createFrom().deferred(() -> reassignments.alter(ReassignmentJson.request(body)))
                .map(response -> JsonBodies.ok(ReassignmentJson.results(response)));
    }

    @GET
    @Path("reassignments")
    public Uni<Response> list() {
        return reassignments.list(ListPartitionReassignmentsRequest.getDefaultInstance())
                .map(response -> JsonBodies.ok(ReassignmentJson.ongoing(response)));
    }

    @DELETE
    @Path("reassignments/{topic}/{partition}")
    public Uni<Response> cancel(@PathParam("topic") String topic, @PathParam("partition") int partition) {
        return reassignments.alter(AlterPartitionReassignmentsRequest.newBuilder().addReassignments(
                        PartitionReassignment.newBuilder().setTopic(topic).setPartition(partition).setCancel(true)).build())
                .map(response -> {
                    ReassignmentResult result = response.getResults(0);
                    if (result.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
                        throw new StrataException(result.getErrorCode(), result.getErrorMessage());
                    }
                    return JsonBodies.ok(ReassignmentJson.results(response));
                });
    }

    @POST
    @Path("leaders/preferred")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> electPreferred(byte[] body) {
        return Uni.createFrom().deferred(() -> reassignments.electPreferred(PreferredLeaderJson.request(body)))
                .map(response -> JsonBodies.ok(PreferredLeaderJson.results(response)));
    }

    @POST
    @Path("nodes/{id}/drain")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> drain(@PathParam("id") int node) {
        return reassignments.drain(node).map(drain -> Response.status(Response.Status.ACCEPTED)
                .type(MediaType.APPLICATION_JSON).entity(JsonBodies.bytes(ReassignmentJson.drain(drain))).build());
    }
}
