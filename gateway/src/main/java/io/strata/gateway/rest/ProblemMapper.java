package io.strata.gateway.rest;

import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.metrics.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The REST layer's one exception mapper: every failure leaves as an {@code application/problem+json}
 * {@link Problem}. Failures carrying an {@link ErrorCode} (thrown here, or read from a node's or the
 * metadata service's gRPC status) keep it; the HTTP layer's own refusals keep their status; anything
 * else is a bug, logged with its stack trace and answered as UNKNOWN_SERVER_ERROR.
 */
public class ProblemMapper {

    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    @Inject
    GatewayMetrics metrics;

    @ServerExceptionMapper
    public Response http(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        return respond(Problem.ofHttp(status, failure.getMessage() == null ? "HTTP " + status : failure.getMessage()));
    }

    @ServerExceptionMapper
    public Response any(Throwable failure) {
        StrataException error = GrpcErrors.asStrataException(failure);
        if (error.code() == ErrorCode.UNKNOWN_SERVER_ERROR) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure of a REST request", failure);
        }
        metrics.failed("rest", error.code());
        return respond(Problem.of(error));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(JsonBodies.bytes(problem)).build();
    }
}
