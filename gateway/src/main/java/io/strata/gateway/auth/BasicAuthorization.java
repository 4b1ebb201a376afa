package io.strata.gateway.auth;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The user and password of an {@code Authorization: Basic base64(user:password)} value (RFC 7617;
 * the same header name on HTTP and as gRPC metadata). Parsing failures name what was wrong and
 * never echo the value. {@link #toString()} names the user only. Immutable.
 */
record BasicAuthorization(String user, String password) {

    private static final String SCHEME = "basic";

    /** Parses a header value; {@code null} (no header) fails as "no credentials". */
    static BasicAuthorization parse(String header) {
        if (header == null || header.isBlank()) {
            throw failed("no credentials: this gateway requires Authorization: Basic <base64 of user:password>");
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw failed("unsupported authorization scheme '" + scheme + "': this gateway accepts Basic only");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(trimmed.substring(space + 1).trim());
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw failed("malformed Basic credentials: not base64");
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw failed(colon == 0 ? "malformed Basic credentials: no user name" : "malformed Basic credentials: no ':' between user and password");
        }
        if (colon == pair.length() - 1) {
            throw failed("malformed Basic credentials: no password");
        }
        return new BasicAuthorization(pair.substring(0, colon), pair.substring(colon + 1));
    }

    static StrataException failed(String message) {
        return new StrataException(ErrorCode.AUTHENTICATION_FAILED, message);
    }

    @Override
    public String toString() {
        return "BasicAuthorization[user=" + user + "]";
    }
}
