package io.strata.api.scram;

import io.grpc.Metadata;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The user and password of an {@code Authorization: Basic base64(user:password)} value (RFC 7617;
 * the same header name on HTTP and as gRPC metadata): written by the Java client and the admin UI,
 * read by the gateway, which checks the password against the user's SCRAM credential
 * ({@link PasswordCheck}). Parsing failures name what was wrong and never echo the value.
 * {@link #toString()} names the user only.
 *
 * <p>Invariant: the user is non-empty and holds no ':' (RFC 7617 cannot carry one), and the
 * password is non-empty. Immutable.
 */
public record BasicAuthorization(String user, String password) {

    /** The gRPC metadata key of the header (HTTP names it {@code Authorization}; gRPC keys are lower case). */
    public static final Metadata.Key<String> GRPC_KEY = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final String SCHEME = "basic";

    public BasicAuthorization {
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a user name must be non-empty and hold no ':', got '" + user + "'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password of " + user + " is empty");
        }
    }

    /** The header's value, {@code Basic base64(user:password)}. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Parses a header value; {@code null} (no header) fails as "no credentials". */
    public static BasicAuthorization parse(String header) {
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

    public static StrataException failed(String message) {
        return new StrataException(ErrorCode.AUTHENTICATION_FAILED, message);
    }

    @Override
    public String toString() {
        return "BasicAuthorization[user=" + user + "]";
    }
}
