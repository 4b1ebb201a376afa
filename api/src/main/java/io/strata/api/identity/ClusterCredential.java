package io.strata.api.identity;

import io.grpc.Metadata;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The credential an internal call carries: proof that its maker knows the cluster secret, and
 * the role (and node id) it acts as.
 *
 * <p>Wire format, one gRPC metadata header {@value #HEADER}:
 * <pre>
 *   v1.&lt;role&gt;.&lt;nodeId&gt;.&lt;issuedAtMs&gt;.&lt;mac&gt;
 *   mac = base64url(HMAC-SHA256(key = cluster secret, "v1.&lt;role&gt;.&lt;nodeId&gt;.&lt;issuedAtMs&gt;"))
 * </pre>
 * role is {@code node}, {@code gateway} or {@code coordinator}; nodeId is −1 for roles other than
 * node. The secret itself never travels, so a listener on the wire learns the credential, not the
 * secret. The MAC binds role, node id and time: a credential cannot be edited into another role or
 * node, and is refused once its issue time lies more than the configured max age from the
 * receiver's clock (either way), which bounds replay.
 *
 * <p>What this does not do, by design of this first step: every service knows the same secret, so
 * a service that holds it can act as any role (the roles stop mistakes and strangers, not a
 * compromised service); without TLS a captured credential can be replayed within the max age.
 * Mutual TLS will replace or join this: a certificate's subject then gives the {@link Caller} and
 * {@link RpcPolicy} stays as it is.
 *
 * <p>Immutable and thread-safe ({@link Mac} instances are per call).
 */
public final class ClusterCredential {

    /** The gRPC metadata header (lowercase, ASCII) that carries the credential. */
    public static final String HEADER = "strata-cluster-auth";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);
    /** A shorter secret is refused at start: guessable secrets protect nothing. */
    public static final int MIN_SECRET_LENGTH = 16;
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_HEADER_LENGTH = 200;

    private final SecretKeySpec key;
    private final long maxAgeMs;

    /**
     * @param secret   the cluster secret, at least {@value #MIN_SECRET_LENGTH} characters
     * @param maxAgeMs how far the issue time may lie from the verifier's clock
     */
    public ClusterCredential(String secret, long maxAgeMs) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("strata.security.cluster-secret (STRATA_SECURITY_CLUSTER_SECRET) is "
                    + (secret == null ? 0 : secret.length()) + " characters long; it must have at least "
                    + MIN_SECRET_LENGTH);
        }
        if (maxAgeMs <= 0) {
            throw new IllegalArgumentException("strata.security.credential-max-age must be positive, got " + maxAgeMs + " ms");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxAgeMs = maxAgeMs;
    }

    /** The credential of the configuration, or empty when no cluster secret is set (open cluster). */
    public static Optional<ClusterCredential> of(SecurityConfig config) {
        return config.clusterSecret().filter(secret -> !secret.isEmpty())
                .map(secret -> new ClusterCredential(secret, config.credentialMaxAge().toMillis()));
    }

    public long maxAgeMs() {
        return maxAgeMs;
    }

    /** The header value {@code caller} sends, issued at {@code nowMs}. */
    public String sign(Caller caller, long nowMs) {
        String payload = VERSION + "." + caller.role().name().toLowerCase(java.util.Locale.ROOT) + "."
                + caller.nodeId() + "." + nowMs;
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
    }

    /**
     * The caller a header value proves, checked at {@code nowMs}.
     *
     * @throws Refused naming what is wrong with it (absent, malformed, wrong secret, too old)
     */
    public Caller verify(String header, long nowMs) {
        if (header == null) {
            throw new Refused("no " + HEADER + " header: the caller has no cluster secret set"
                    + " (strata.security.cluster-secret / STRATA_SECURITY_CLUSTER_SECRET)");
        }
        if (header.length() > MAX_HEADER_LENGTH) {
            throw new Refused(HEADER + " is " + header.length() + " characters, more than " + MAX_HEADER_LENGTH);
        }
        int lastDot = header.lastIndexOf('.');
        String[] fields = header.split("\\.", -1);
        if (fields.length != 5 || !VERSION.equals(fields[0])) {
            throw new Refused(HEADER + " is not v1.<role>.<node id>.<issued at ms>.<mac>");
        }
        byte[] expected = mac(header.substring(0, lastDot));
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(fields[4]);
        } catch (IllegalArgumentException e) {
            throw new Refused(HEADER + ": the mac is not base64url");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Refused(HEADER + " does not verify: the caller's cluster secret is not this service's");
        }
        return parse(fields, nowMs);
    }

    private Caller parse(String[] fields, long nowMs) {
        try {
            long issuedAtMs = Long.parseLong(fields[3]);
            if (Math.abs(nowMs - issuedAtMs) > maxAgeMs) {
                throw new Refused(HEADER + " was issued at " + issuedAtMs + " ms, " + (nowMs - issuedAtMs)
                        + " ms from this service's clock; at most " + maxAgeMs + " ms are accepted (clock skew or replay)");
            }
            return new Caller(Role.parse(fields[1]), Integer.parseInt(fields[2]));
        } catch (IllegalArgumentException e) {
            throw new Refused(HEADER + ": " + e.getMessage());
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /** A credential that proves nothing; the message says why (never the secret). */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
