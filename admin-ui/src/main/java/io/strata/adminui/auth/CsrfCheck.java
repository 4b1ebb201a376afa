package io.strata.adminui.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The console's defence against cross-site request forgery, for every state-changing request
 * (POST, PUT, PATCH, DELETE):
 * <ol>
 *   <li>the request must carry its session's synchronizer token, in the {@value #HEADER} header
 *       (htmx and {@code fetch()} calls, set by {@code console.js}) or the {@value #FIELD} form field
 *       (every form has it hidden, so forms work without JavaScript); compared in constant time;</li>
 *   <li>when the browser sends {@code Origin} (else {@code Referer}), its scheme, host and port must
 *       be the console's own.</li>
 * </ol>
 * Pure functions; each answers why a request is refused, or empty when it passes.
 */
public final class CsrfCheck {

    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "csrf";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private CsrfCheck() {
    }

    /** Whether a request of this method may change state (and so needs the checks). */
    public static boolean changesState(String method) {
        return !SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    /** Refused unless {@code presented} equals the session's token (constant-time comparison). */
    public static Optional<String> token(String expected, String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.of("no CSRF token: a change must carry the session's token (form field '" + FIELD + "' or header "
                    + HEADER + "); reload the page and try again");
        }
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        return same ? Optional.empty() : Optional.of("wrong CSRF token: it is not this session's; reload the page and try again");
    }

    /**
     * Refused when {@code Origin} (or, without it, {@code Referer}) names another origin than
     * {@code own} ({@code scheme://host[:port]} of the console as this request reached it).
     * Neither header present passes: non-browser clients send none, and the token still guards them.
     */
    public static Optional<String> origin(String origin, String referer, URI own) {
        String header = origin != null ? "Origin" : "Referer";
        String value = origin != null ? origin : referer;
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> theirs = originOf(value);
        String ours = originOf(own.toString()).orElseThrow();
        if (theirs.isPresent() && theirs.get().equals(ours)) {
            return Optional.empty();
        }
        return Optional.of("cross-origin request: " + header + " '" + value + "' is not the console's own origin " + ours);
    }

    /** {@code scheme://host:port} with the scheme's default port filled in, lower case; empty for a value that is not a URL. */
    static Optional<String> originOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
