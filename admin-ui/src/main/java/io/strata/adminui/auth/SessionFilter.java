package io.strata.adminui.auth;

import io.strata.adminui.audit.Audited;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.problem.ConsoleProblem;
import io.strata.adminui.problem.ProblemJson;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one gate every console page and endpoint passes (static files and {@code /q/*} are served
 * outside it), in this order:
 * <ol>
 *   <li>a state-changing request whose {@code Origin}/{@code Referer} names another site: 403
 *       {@code CSRF_CHECK_FAILED} — with or without the login;</li>
 *   <li>without the login ({@code strata.admin-ui.auth.enabled=false}) that is all;</li>
 *   <li>{@link Access.Level#PUBLIC} endpoints (the sign-in page) pass;</li>
 *   <li>no live session: a page (GET for HTML, not htmx) is redirected to {@code /login?next=…};
 *       anything else is answered 401 {@code AUTHENTICATION_FAILED} problem+json (htmx also gets
 *       {@code HX-Redirect} to the sign-in page);</li>
 *   <li>a state-changing request without this session's CSRF token: 403 {@code CSRF_CHECK_FAILED};</li>
 *   <li>a state-changing request by a viewer (unless {@link Access.Level#ANY_ROLE}): 403
 *       {@code AUTHORIZATION_FAILED}, naming the action.</li>
 * </ol>
 * Refused requests reach no resource, so they change nothing. The form is read before the filter
 * ({@code readBody}) so the hidden CSRF field can be checked. Stateless itself; the session found
 * goes to the request's {@link SessionContext}.
 */
public class SessionFilter {

    // Looked up per request: REST filters are built at start-up, before the runtime configuration exists.
    @Inject
    Instance<AdminUiConfig> configs;

    @Inject
    Instance<SessionStore> sessionStores;

    @Inject
    SessionContext context;

    @ServerRequestFilter(readBody = true)
    public Response check(ResteasyReactiveContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        AdminUiConfig config = configs.get();
        String address = http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
        boolean changes = CsrfCheck.changesState(request.getMethod());
        URI own = request.getUriInfo().getBaseUri();
        if (changes) {
            Optional<String> crossSite = CsrfCheck.origin(request.getHeaderString("Origin"), request.getHeaderString("Referer"), own);
            if (crossSite.isPresent()) {
                return refuse(csrf(crossSite.get()));
            }
        }
        Access access = access(resource);
        if (!config.auth().enabled() || (access != null && access.value() == Access.Level.PUBLIC)) {
            context.set(config.auth().enabled(), null, null, address);
            return null;
        }
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        Optional<ConsoleSession> session = cookie == null ? Optional.empty() : sessionStores.get().find(cookie.getValue());
        if (session.isEmpty()) {
            return unauthenticated(request);
        }
        context.set(true, session.get(), cookie.getValue(), address);
        if (!changes) {
            return null;
        }
        Optional<String> wrongToken = CsrfCheck.token(session.get().csrfToken(), presentedToken(request));
        if (wrongToken.isPresent()) {
            return refuse(csrf(wrongToken.get()));
        }
        if (!session.get().admin() && (access == null || access.value() != Access.Level.ANY_ROLE)) {
            return refuse(new ConsoleProblem(403, "AUTHORIZATION_FAILED", "Not allowed", "user '" + session.get().user()
                    + "' is a viewer: only admins (strata.admin-ui.auth.admin-users) may " + action(resource)));
        }
        return null;
    }

    private static ConsoleProblem csrf(String detail) {
        return new ConsoleProblem(403, "CSRF_CHECK_FAILED", "CSRF check failed", detail);
    }

    private static Response unauthenticated(ContainerRequestContext request) {
        String next = request.getUriInfo().getRequestUri().getRawPath()
                + (request.getUriInfo().getRequestUri().getRawQuery() == null ? "" : "?" + request.getUriInfo().getRequestUri().getRawQuery());
        String login = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        boolean htmx = request.getHeaderString("HX-Request") != null;
        boolean page = "GET".equals(request.getMethod()) && !htmx && request.getAcceptableMediaTypes().stream()
                .anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE) && !type.isWildcardType());
        if (page) {
            return Response.seeOther(URI.create(login)).build();
        }
        Response.ResponseBuilder answer = ProblemJson.of(new ConsoleProblem(401, "AUTHENTICATION_FAILED", "Sign-in required",
                "no session: sign in at /login (the session may have ended: idle too long, too old, or signed out)"));
        return (htmx ? answer.header("HX-Redirect", login) : answer).build();
    }

    private static Response refuse(ConsoleProblem problem) {
        return ProblemJson.of(problem).build();
    }

    private static String presentedToken(ResteasyReactiveContainerRequestContext request) {
        String header = request.getHeaderString(CsrfCheck.HEADER);
        if (header != null) {
            return header;
        }
        if (request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context
                && context.getFormData() != null) {
            Object field = context.getFormParameter(CsrfCheck.FIELD, true, false);
            return field == null ? null : field.toString();
        }
        return null;
    }

    private static Access access(ResourceInfo resource) {
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(Access.class)) {
            return resource.getResourceMethod().getAnnotation(Access.class);
        }
        return resource.getResourceClass() == null ? null : resource.getResourceClass().getAnnotation(Access.class);
    }

    private static String action(ResourceInfo resource) {
        Audited audited = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Audited.class);
        return audited == null ? "change anything" : audited.action().describe();
    }
}
