package io.strata.adminui.auth;

import jakarta.ws.rs.core.NewCookie;

import java.time.Duration;

/**
 * The session cookie: {@value #NAME}, holding only the random session id; {@code HttpOnly} (no
 * script reads it), {@code SameSite=Strict} (no other site's page sends it), {@code Path=/}, and
 * {@code Secure} when the console serves https. A session cookie (no {@code Max-Age}): the browser
 * drops it when it closes, and the server ends the session on its own clock anyway.
 */
public final class SessionCookie {

    public static final String NAME = "strata_console_session";

    private SessionCookie() {
    }

    public static NewCookie of(String id, boolean secure) {
        return new NewCookie.Builder(NAME).value(id).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** A cookie that replaces the session cookie with nothing, expired. */
    public static NewCookie cleared(boolean secure) {
        return new NewCookie.Builder(NAME).value("").path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge((int) Duration.ZERO.toSeconds()).build();
    }
}
