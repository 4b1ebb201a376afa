package io.strata.adminui.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who the current request acts for: the session {@link SessionFilter} found, and the client's
 * address. Templates read it as {@code inject:consoleSession} (the signed-in user, the role that
 * decides which buttons show, the CSRF token every form carries).
 *
 * <p>Request-scoped: set once by the filter, read by the resource, the gateway client and the
 * audit log of the same request.
 */
@RequestScoped
@Named("consoleSession")
public class SessionContext {

    private boolean authEnabled;
    private ConsoleSession session;
    private String sessionId;
    private String clientAddress = "";

    void set(boolean authEnabled, ConsoleSession session, String sessionId, String clientAddress) {
        this.authEnabled = authEnabled;
        this.session = session;
        this.sessionId = sessionId;
        this.clientAddress = clientAddress == null ? "" : clientAddress;
    }

    /** Whether the console has its own login; without it every visitor may do everything. */
    public boolean isAuthEnabled() {
        return authEnabled;
    }

    public boolean isSignedIn() {
        return session != null;
    }

    /** The signed-in user, or {@code anonymous} without the console's login. */
    public String getUser() {
        return session == null ? "anonymous" : session.user();
    }

    /** The role's name ({@code admin}, {@code viewer}); {@code admin} without the console's login. */
    public String getRole() {
        return session == null ? Role.ADMIN.label() : session.role().label();
    }

    /** Whether the pages show actions: an admin's session, or no login at all. */
    public boolean isAdmin() {
        return !authEnabled || (session != null && session.admin());
    }

    /** The session's CSRF token for forms and {@code console.js}; empty without a session. */
    public String getCsrf() {
        return session == null ? "" : session.csrfToken();
    }

    public String getClientAddress() {
        return clientAddress;
    }

    /** The session's id (from its cookie), for a stream that must stop when the session ends; null without one. */
    public String sessionId() {
        return sessionId;
    }

    /** The session, when there is one. */
    public ConsoleSession session() {
        return session;
    }
}
