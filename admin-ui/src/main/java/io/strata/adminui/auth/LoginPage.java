package io.strata.adminui.auth;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.strata.adminui.audit.AuditAction;
import io.strata.adminui.audit.AuditLog;
import io.strata.adminui.audit.AuditRecord;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.gateway.GatewayClient;
import io.strata.adminui.problem.ConsoleProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in ({@code GET/POST /login}) and sign-out ({@code POST /logout}).
 *
 * <p>The console keeps no passwords: it asks the gateway. A sign-in calls {@code GET /admin/cluster}
 * with the user's HTTP Basic credentials; 401 means a wrong user name or password (answered with
 * one message for both), 2xx or 403 (known user, no ACL for that call) means the password is right.
 * First it checks that the gateway refuses a call without credentials at all: a gateway without
 * {@code strata.gateway.auth.enabled} would accept any password, so the sign-in is refused then,
 * saying so. Failed sign-ins are bounded by {@link LoginThrottle}. Every sign-in, failed sign-in and
 * sign-out is audited. Stateless; the sessions live in {@link SessionStore}.
 */
@Path("/")
@Blocking
public class LoginPage {

    static final String INVALID = "invalid user name or password";

    @Inject
    AdminUiConfig config;

    @Inject
    GatewayClient gateway;

    @Inject
    SessionStore sessions;

    @Inject
    LoginThrottle throttle;

    @Inject
    SessionContext context;

    @Inject
    AuditLog audit;

    @Context
    UriInfo uri;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String user, String message, boolean signedOut);
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    @Access(Access.Level.PUBLIC)
    public Response page(@QueryParam("next") String next, @QueryParam("signed_out") boolean signedOut) {
        if (!config.auth().enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.login(localPath(next), "", null, signedOut).render(), MediaType.TEXT_HTML_TYPE).build();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Access(Access.Level.PUBLIC)
    public Response signIn(@FormParam("user") String user, @FormParam("password") String password, @FormParam("next") String next) {
        if (!config.auth().enabled()) {
            return Response.seeOther(URI.create("/")).build();
        }
        String name = user == null ? "" : user.strip();
        String address = context.getClientAddress();
        Optional<String> blocked = throttle.refusal(name, address);
        if (blocked.isPresent()) {
            audit.record(attempt(name, AuditAction.LOGIN_FAILED).failed("TOO_MANY_FAILED_LOGINS", blocked.get()));
            return form(429, next, name, blocked.get());
        }
        if (name.isEmpty() || password == null || password.isEmpty() || !passwordAccepted(name, password)) {
            throttle.failed(name, address);
            audit.record(attempt(name, AuditAction.LOGIN_FAILED).failed("AUTHENTICATION_FAILED", INVALID));
            return form(401, next, name, INVALID);
        }
        throttle.succeeded(name, address);
        Role role = RoleTable.of(config.auth().adminUsers().orElse(java.util.List.of())).role(name);
        SessionStore.Opened opened = sessions.open(name, role, GatewayClient.basic(name, password), address);
        audit.record(attempt(name, AuditAction.LOGIN).withDetail("role", role.label()));
        return Response.seeOther(URI.create(localPath(next))).cookie(SessionCookie.of(opened.id(), secure())).build();
    }

    @POST
    @Path("logout")
    @Access(Access.Level.ANY_ROLE)
    public Response signOut(@CookieParam(SessionCookie.NAME) String id) {
        String user = context.getUser();
        sessions.end(id);
        audit.record(attempt(user, AuditAction.LOGOUT));
        return Response.seeOther(URI.create("/login?signed_out=true")).cookie(SessionCookie.cleared(secure())).build();
    }

    private boolean passwordAccepted(String user, String password) {
        int open = gateway.statusWith(Optional.empty());
        if (open / 100 == 2) {
            throw new ConsoleProblem(503, "GATEWAY_NOT_AUTHENTICATING", "Sign-in impossible", "the gateway at " + config.gateway()
                    + " answers without credentials, so it cannot check passwords: turn on strata.gateway.auth.enabled there");
        }
        int status = gateway.statusWith(Optional.of(GatewayClient.basic(user, password)));
        if (status == 401) {
            return false;
        }
        if (status / 100 == 2 || status == 403) {
            return true;
        }
        throw ConsoleProblem.gatewayUnavailable("the gateway answered " + status + " to the password check (GET /admin/cluster)");
    }

    private Response form(int status, String next, String user, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.login(localPath(next), user, message, false).render()).build();
    }

    private AuditRecord attempt(String user, AuditAction action) {
        return AuditRecord.ok(Instant.now(), user, context.getClientAddress(), action, null, Map.of());
    }

    private boolean secure() {
        return "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
    }

    /** {@code next} when it is a path on this console; {@code /} otherwise (no open redirect to another site). */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 2000
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }
}
