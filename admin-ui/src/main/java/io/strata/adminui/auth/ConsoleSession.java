package io.strata.adminui.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in user's session, held only in the console's memory ({@link SessionStore}).
 *
 * <p>{@code authorization} is the {@code Authorization: Basic} value the console sends to the
 * gateway on this user's behalf: it holds the password (base64, not encrypted), because the gateway
 * checks the password on every call and has no token to trade it for. It lives only here, for as
 * long as the session does; it is never written to disk, a log, a page or a cookie, and
 * {@link #toString()} leaves it out. The CSRF token is this session's synchronizer token.
 *
 * <p>Immutable; {@link #touched} gives a copy with a new last-use time.
 */
public record ConsoleSession(String user, Role role, String csrfToken, String authorization, String clientAddress,
                             Instant createdAt, Instant lastUsedAt) {

    public ConsoleSession {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(authorization, "authorization");
    }

    public ConsoleSession touched(Instant now) {
        return new ConsoleSession(user, role, csrfToken, authorization, clientAddress, createdAt, now);
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    @Override
    public String toString() {
        return "ConsoleSession[user=" + user + ", role=" + role + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt + "]";
    }
}
