package io.strata.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smallrye.mutiny.Uni;
import io.strata.api.acl.AclAuthorizer;
import io.strata.api.acl.AclNeed;
import io.strata.api.error.StrataException;
import io.strata.gateway.acl.GatewayAclNeeds;
import io.strata.gateway.acl.GatewayAcls;
import io.strata.gateway.acl.Visibility;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * With {@code strata.gateway.acl.enabled}, every REST request that matched a resource is decided
 * against the ACLs before the resource runs: the needs of its route in {@link GatewayAclNeeds}
 * (by HTTP method and path template, e.g. {@code POST /topics/{topic}}) must all be allowed for the
 * caller ({@link RestAuthentication#USER}, else {@code User:ANONYMOUS}) from its address. A refusal
 * fails the request with the StrataException that {@link ProblemMapper} answers (403, problem+json
 * naming principal, operation and resource), so nothing is produced, committed or changed. An
 * allowed request carries the caller's {@link Visibility}, by which list answers are filtered.
 *
 * <p>The body is read before this filter (it is small for every route that looks into it: admin
 * and consumer bodies) and put back for the resource. Never blocks: the decision uses the cached
 * ACLs ({@link GatewayAcls}). Route templates are derived once per resource method.
 */
public class RestAuthorization {

    private static final Map<Method, String> ROUTES = new ConcurrentHashMap<>();

    @Inject
    GatewayAcls acls;

    @ServerRequestFilter(readBody = true)
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!acls.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String principal = GatewayAcls.principal((String) request.getProperty(RestAuthentication.USER));
        String host = http.remoteAddress() == null ? "*" : http.remoteAddress().hostAddress();
        String route = request.getMethod() + " " + ROUTES.computeIfAbsent(resource.getResourceMethod(),
                method -> template(method.getDeclaringClass(), method));
        return Uni.createFrom().completionStage(acls::authorizer).map(authorizer -> {
            decide(authorizer, principal, host, route, request);
            request.setProperty(Visibility.PROPERTY, GatewayAcls.visibility(authorizer, principal, host));
            return null;
        });
    }

    private static void decide(AclAuthorizer authorizer, String principal, String host, String route, ContainerRequestContext request) {
        if (authorizer.isSuperUser(principal)) {
            return;
        }
        Map<String, String> path = new HashMap<>();
        request.getUriInfo().getPathParameters().forEach((name, values) -> path.put(name, values.get(0)));
        Optional<List<AclNeed>> needs = GatewayAclNeeds.rest(route, path, () -> body(request));
        Optional<StrataException> refusal = GatewayAcls.refusal(authorizer, principal, host, route, needs);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    /** The JSON body ({} when empty or not JSON: the resource then refuses it itself), put back for the resource. */
    private static JsonNode body(ContainerRequestContext request) {
        try {
            byte[] bytes = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(bytes));
            JsonNode json = bytes.length == 0 ? null : ProduceBody.MAPPER.readTree(bytes);
            return json == null || !json.isObject() ? JsonNodeFactory.instance.objectNode() : json;
        } catch (JsonProcessingException notJson) {
            return JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /admin/topics/{topic}} from the class's and the method's {@code @Path}. */
    static String template(Class<?> type, Method method) {
        String joined = "/" + path(type.getAnnotation(Path.class)) + "/" + path(method.getAnnotation(Path.class));
        String normalized = joined.replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    private static String path(Path path) {
        return path == null ? "" : path.value();
    }

    /** The HTTP method of a resource method (GET, POST, …), from its designator annotation. */
    static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return "";
    }

    /** For tests: the route key of a resource method. */
    static String route(Class<?> type, Method method) {
        return httpMethod(method) + " " + template(type, method);
    }
}
