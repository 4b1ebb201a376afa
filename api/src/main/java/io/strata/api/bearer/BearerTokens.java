package io.strata.api.bearer;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Checks a bearer token (a signed JWT from an OAuth 2 / OIDC provider) and names its user: the
 * value of the configured claim ({@code sub} by default), which is then a principal like any
 * SCRAM user's ({@code User:<name>} for the ACLs).
 *
 * <p>Invariant: a user is returned only for a token whose signature verifies with one of the
 * issuer's keys under an asymmetric algorithm (RS/PS/ES; never {@code none} or HMAC, so no shared
 * secret can forge one), whose {@code iss} is the configured issuer, whose {@code aud} holds the
 * configured audience (when one is set), which carries {@code exp} and is within its
 * {@code nbf}/{@code exp} give or take the clock skew, and whose user claim is a non-empty string.
 * Every refusal is AUTHENTICATION_FAILED naming what was wrong, never echoing the token; keys that
 * cannot be read (the provider is down) fail with NODE_NOT_AVAILABLE (retriable), never as a bad
 * token.
 *
 * <p>Thread-safe. {@link #verify} may block reading the issuer's keys over HTTP (on first use, after
 * the keys TTL, or for an unseen key id): call it from a worker thread.
 */
public final class BearerTokens {

    private static final AlgorithmConstraints ASYMMETRIC = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    private final BearerSettings settings;
    private final JwtConsumer consumer;

    /** Reads a keys file now (an IllegalArgumentException names a bad one); a URL on first use. */
    public BearerTokens(BearerSettings settings) {
        this(settings, IssuerKeys.of(settings));
    }

    BearerTokens(BearerSettings settings, VerificationKeyResolver keys) {
        this.settings = settings;
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()))
                .setExpectedIssuer(settings.issuer())
                .setJwsAlgorithmConstraints(ASYMMETRIC)
                .setVerificationKeyResolver(keys);
        if (settings.audience().isPresent()) {
            builder.setExpectedAudience(settings.audience().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        consumer = builder.build();
    }

    /**
     * The user {@code token} proves.
     *
     * @throws StrataException AUTHENTICATION_FAILED naming what was wrong, or NODE_NOT_AVAILABLE
     *                         when the issuer's keys cannot be read
     */
    public String verify(String token) {
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw refusal(e, token);
        }
        Object user = claims.getClaimValue(settings.principalClaim());
        if (!(user instanceof String name) || name.isBlank()) {
            throw failed("the bearer token has no '" + settings.principalClaim() + "' claim naming its user");
        }
        return name;
    }

    private StrataException refusal(InvalidJwtException e, String token) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvableKeyException unresolvable) {
                if (unresolvable.getCause() != null) {
                    return new StrataException(ErrorCode.NODE_NOT_AVAILABLE, "cannot read the bearer token issuer's keys from "
                            + settings.keysSource() + ": " + unresolvable.getCause().getMessage());
                }
                return failed("no key of the issuer (" + settings.keysSource() + ") verifies the bearer token's signature");
            }
        }
        JwtClaims claims = e.getJwtContext() == null ? null : e.getJwtContext().getJwtClaims();
        if (e.hasExpired()) {
            return failed("the bearer token expired at " + instant(claims, true));
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return failed("the bearer token is not from the issuer " + settings.issuer() + " (its iss: " + issuer(claims) + ")");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return failed("the bearer token is not for the audience " + settings.audience().orElse("?"));
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return failed("the bearer token has no expiry (exp)");
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return failed("the bearer token is not valid before " + instant(claims, false));
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return failed("the bearer token's signature does not verify with the issuer's key");
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return failed("the bearer token is not signed");
        }
        String detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getErrorDetails().stream().findFirst().map(ErrorCodeValidator.Error::getErrorMessage).orElse("not a JWT");
        // jose4j's detail may quote the JWT: a token must never reach a log or an answer.
        return failed("the bearer token is not valid: " + detail.replace(token, "<the token>"));
    }

    private static String instant(JwtClaims claims, boolean expiry) {
        try {
            NumericDate date = claims == null ? null : expiry ? claims.getExpirationTime() : claims.getNotBefore();
            return date == null ? "?" : java.time.Instant.ofEpochSecond(date.getValue()).toString();
        } catch (MalformedClaimException malformed) {
            return "?";
        }
    }

    private static String issuer(JwtClaims claims) {
        try {
            return claims == null || claims.getIssuer() == null ? "none" : claims.getIssuer();
        } catch (MalformedClaimException malformed) {
            return "malformed";
        }
    }

    private static StrataException failed(String message) {
        return new StrataException(ErrorCode.AUTHENTICATION_FAILED, message);
    }
}
