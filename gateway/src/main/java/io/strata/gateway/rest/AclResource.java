package io.strata.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.strata.api.acl.AclFilter;
import io.strata.api.acl.AclMessages;
import io.strata.api.v1.CreateAclsRequest;
import io.strata.api.v1.DeleteAclsRequest;
import io.strata.api.v1.DescribeAclsRequest;
import io.strata.gateway.acl.GatewayAcls;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataServiceClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.concurrent.TimeUnit;

/**
 * {@code /admin/acls}: the ACLs of every listener (one store, the metadata service), managed over
 * REST as {@code kafka-acls} manages them: GET lists the bindings a filter of query parameters
 * selects ({@code --list}), POST creates the bindings of its body ({@code --add}), DELETE removes
 * what the filter selects ({@code --remove}; at least one parameter, so that a bare DELETE cannot
 * wipe every ACL). Query parameters: {@code principal, host, resource_type, resource_name,
 * pattern_type} (ANY, MATCH, LITERAL, PREFIXED), {@code operation, permission}; absent = any.
 * Needs DESCRIBE (GET) or ALTER (POST, DELETE) on the cluster ({@link io.strata.gateway.acl.GatewayAclNeeds}).
 * A change is in force on this gateway when it is answered, elsewhere within the ACL cache TTL.
 */
@Path("/admin/acls")
public class AclResource {

    @Inject
    MetadataServiceClient metadata;
    @Inject
    GatewayAcls acls;
    @Inject
    GatewayConfig config;

    @GET
    public Uni<Response> list(@BeanParam AclQuery query) {
        return Uni.createFrom().deferred(() -> {
            AclFilter filter = query.filter();
            return stub().describeAcls(DescribeAclsRequest.newBuilder().addFilters(AclMessages.message(filter)).build())
                    .map(answer -> JsonBodies.ok(answer.getBindingsList().stream().map(AclJson::view).toList()));
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body) {
        return Uni.createFrom().deferred(() -> {
            CreateAclsRequest.Builder request = CreateAclsRequest.newBuilder();
            AclJson.bindings(body).forEach(binding -> request.addBindings(AclMessages.message(binding)));
            return stub().createAcls(request.build()).call(this::refreshed)
                    .map(answer -> Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                            .entity(JsonBodies.bytes(new AclJson.Created(answer.getCreated()))).build());
        });
    }

    @DELETE
    public Uni<Response> delete(@BeanParam AclQuery query) {
        return Uni.createFrom().deferred(() -> {
            if (query.empty()) {
                throw ProduceBody.invalid("DELETE /admin/acls needs at least one of principal, host, resource_type, resource_name, "
                        + "pattern_type, operation, permission (a bare DELETE would remove every ACL)");
            }
            AclFilter filter = query.filter();
            return stub().deleteAcls(DeleteAclsRequest.newBuilder().addFilters(AclMessages.message(filter)).build())
                    .call(this::refreshed)
                    .map(answer -> JsonBodies.ok(new AclJson.Deleted(answer.getResultsList().stream()
                            .flatMap(result -> result.getDeletedList().stream()).map(AclJson::view).toList())));
        });
    }

    private Uni<?> refreshed() {
        return acls.enabled() ? Uni.createFrom().completionStage(acls::refresh) : Uni.createFrom().voidItem();
    }

    private io.strata.api.v1.MutinyMetadataServiceGrpc.MutinyMetadataServiceStub stub() {
        return metadata.mutiny().withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
