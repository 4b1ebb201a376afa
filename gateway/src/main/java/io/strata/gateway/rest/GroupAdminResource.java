package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.DeleteGroupRequest;
import io.strata.api.v1.DescribeGroupsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.ListGroupsRequest;
import io.strata.gateway.acl.Visibility;
import io.strata.gateway.group.CoordinatorClient;
import io.strata.gateway.group.GroupLags;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Consumer group admin under {@code /admin/groups}: list, describe with committed offsets, log end
 * offsets and lag, the total lag of many groups at once ({@link GroupLags}), delete an empty group,
 * reset offsets. Everything but log end offsets is the group coordinator's.
 */
@Path("/admin/groups")
public class GroupAdminResource {

    @Inject
    CoordinatorClient coordinator;
    @Inject
    GroupLags lags;

    @GET
    public Uni<Response> list(@Context ContainerRequestContext request) {
        Visibility visibility = Visibility.of(request.getProperty(Visibility.PROPERTY));
        return coordinator.stub().listGroups(ListGroupsRequest.getDefaultInstance())
                .map(r -> JsonBodies.ok(r.getGroupsList().stream().filter(g -> visibility.groups().test(g.getGroupId()))
                        .map(GroupAdminJson::group).toList()));
    }

    /** The total lag of each named group, in one call (see {@link GroupLags}). */
    @POST
    @Path("lag")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> lag(byte[] body) {
        return Uni.createFrom().deferred(() -> lags.lags(GroupAdminJson.lagRequest(body)))
                .map(totals -> JsonBodies.ok(GroupAdminJson.lagTotals(totals)));
    }

    @GET
    @Path("{group}")
    public Uni<Response> describe(@PathParam("group") String group) {
        return coordinator.stub().describeGroups(DescribeGroupsRequest.newBuilder().addGroupIds(group).setIncludeLag(true).build())
                .map(r -> {
                    GroupDescription description = r.getGroups(0);
                    if (description.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED) {
                        throw GroupAdminJson.notFound(description);
                    }
                    return JsonBodies.ok(GroupAdminJson.description(description));
                });
    }

    @DELETE
    @Path("{group}")
    public Uni<Response> delete(@PathParam("group") String group) {
        return coordinator.stub().deleteGroup(DeleteGroupRequest.newBuilder().setGroupId(group).build())
                .map(r -> Response.noContent().build());
    }

    /** The answer to a reset: the offsets as stored (or as they would be, for a dry run). */
    @RegisterForReflection
    public record ResetView(List<ConsumerResource.Offset> offsets) {
    }

    @POST
    @Path("{group}/offsets/reset")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> reset(@PathParam("group") String group, byte[] body) {
        return Uni.createFrom().deferred(() -> coordinator.stub().resetOffsets(GroupAdminJson.reset(group, body)))
                .map(r -> JsonBodies.ok(new ResetView(r.getOffsetsList().stream().map(o -> new ConsumerResource.Offset(
                        o.getTopic(), o.getPartition(), o.getOffset(), o.hasMetadata() ? o.getMetadata() : null)).toList())));
    }
}
