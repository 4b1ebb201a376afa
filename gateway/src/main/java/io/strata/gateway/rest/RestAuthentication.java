package io.strata.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.auth.ClientAuthenticator;
import io.strata.gateway.metrics.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * With {@code strata.gateway.auth.enabled}, every REST request but {@code /q/*} (health, metrics:
 * probes carry no credentials) must carry Basic credentials of a known user (or a valid bearer
 * token, when those are accepted); otherwise it is answered 401 with {@code WWW-Authenticate: Basic}
 * (and {@code Bearer}) and a problem naming what was wrong, before any resource runs. The authenticated user is kept as the request property {@value #USER}.
 *
 * <p>Runs before routing (an unknown path without credentials is a 401, not a 404: the API's shape
 * is not shown to strangers) and never blocks the event loop (see {@link ClientAuthenticator}).
 */
public class RestAuthentication {

    /** The request property holding the authenticated user's name. */
    public static final String USER = "strata.user";
    private static final String CHALLENGE = "Basic realm=\"strata\", charset=\"UTF-8\"";
    private static final String BEARER_CHALLENGE = "Bearer realm=\"strata\"";

    @Inject
    ClientAuthenticator authenticator;
    @Inject
    GatewayMetrics metrics;

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!authenticator.enabled() || request.getUriInfo().getPath().startsWith("/q/")) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(() -> authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .onItem().transform(user -> {
                    request.setProperty(USER, user);
                    return (Response) null;
                })
                .onFailure().recoverWithItem(this::refused);
    }

    private Response refused(Throwable failure) {
        StrataException error = GrpcErrors.asStrataException(failure);
        metrics.failed("rest", error.code());
        Problem problem = Problem.of(error);
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(JsonBodies.bytes(problem));
        if (error.code() == ErrorCode.AUTHENTICATION_FAILED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
            if (authenticator.acceptsBearerTokens()) {
                response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
            }
        }
        return response.build();
    }
}
