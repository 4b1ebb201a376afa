package io.strata.adminui.problem;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;

/**
 * A problem as {@code application/problem+json} (RFC 9457), in the gateway's shape:
 * {@code {"type":"urn:strata:error:<code>","title","status","detail","error_code"}}. The console's
 * refusals of a request itself (no session, wrong role, CSRF) answer so, for scripts and
 * {@code fetch()} as for the gateway's own clients. Stateless.
 */
public final class ProblemJson {

    public static final String TYPE = "application/problem+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemJson() {
    }

    public static Response.ResponseBuilder of(ConsoleProblem problem) {
        ObjectNode body = JSON.createObjectNode().put("type", "urn:strata:error:" + problem.errorCode())
                .put("title", problem.title()).put("status", problem.status()).put("detail", problem.detail())
                .put("error_code", problem.errorCode());
        return Response.status(problem.status()).type(TYPE).entity(body.toString());
    }
}
