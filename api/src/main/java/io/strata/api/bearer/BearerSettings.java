package io.strata.api.bearer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How bearer tokens (JWTs, as an OAuth 2 / OIDC provider issues them) are checked: whose they must
 * be ({@code issuer}, and {@code audience} when set), which claim names the user, and where the
 * issuer's public keys come from — a file ({@code keysFile}: a JWKS document or a PEM public key),
 * a JWKS URL, or, with neither, the issuer's OIDC discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, its {@code jwks_uri}).
 *
 * <p>Invariant: the issuer is non-blank; at most one of {@code keysFile} and {@code jwksUrl} is set;
 * durations are not negative. Immutable.
 *
 * @param caFile    PEM CA certificates to trust for the JWKS and discovery URLs (empty: the JDK's)
 * @param keysTtl   how long keys read from a URL are kept before they are read again (a token
 *                  signed by a key not yet seen triggers a read at once)
 */
public record BearerSettings(String issuer, Optional<String> audience, String principalClaim, Duration clockSkew,
                             Optional<Path> keysFile, Optional<URI> jwksUrl, Optional<Path> caFile, Duration keysTtl) {

    public BearerSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("bearer tokens need the issuer they must come from (the 'iss' claim); none is set");
        }
        if (keysFile.isPresent() && jwksUrl.isPresent()) {
            throw new IllegalArgumentException("set the issuer's keys as a file or as a JWKS URL, not both: " + keysFile.get()
                    + " and " + jwksUrl.get());
        }
        if (principalClaim == null || principalClaim.isBlank()) {
            throw new IllegalArgumentException("the claim naming the user must be set (e.g. sub or preferred_username)");
        }
        if (clockSkew.isNegative() || keysTtl.isNegative()) {
            throw new IllegalArgumentException("clock skew and keys TTL must not be negative: " + clockSkew + ", " + keysTtl);
        }
    }

    /** Where the keys come from, for messages. */
    public String keysSource() {
        return keysFile.map(f -> "the file " + f).orElseGet(() -> jwksUrl.map(u -> "the JWKS at " + u)
                .orElse("the JWKS named by " + discoveryUrl()));
    }

    /** The issuer's OIDC discovery document. */
    public URI discoveryUrl() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }
}
