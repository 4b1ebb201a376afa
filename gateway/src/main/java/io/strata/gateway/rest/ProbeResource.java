package io.strata.gateway.rest;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.routing.MetadataCache;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The Strimzi Bridge's probes, for deployments written against it: {@code GET /healthy} answers
 * 200 while the process serves HTTP; {@code GET /ready} answers 200 once the gateway holds the
 * cluster metadata (before that no request can be routed) and 503 NODE_NOT_AVAILABLE until then.
 * They say the same as {@code /q/health/live} and {@code /q/health/ready}, without a body.
 */
@Path("/")
public class ProbeResource {

    @Inject
    MetadataCache cache;

    @GET
    @Path("healthy")
    public Response healthy() {
        return Response.ok().build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        if (!cache.current().initialized()) {
            throw new StrataException(ErrorCode.NODE_NOT_AVAILABLE,
                    "not ready: the gateway has not yet received the cluster metadata from the metadata service");
        }
        return Response.ok().build();
    }
}
