package io.strata.api.bearer;

import org.jose4j.http.Get;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;
import org.jose4j.json.JsonUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The issuer's public keys, as jose4j's {@link VerificationKeyResolver}: from a file read once at
 * start (a JWKS document, or one PEM public key), or from a JWKS URL (given, or found through the
 * issuer's OIDC discovery document on first use) kept for the keys TTL and read again at once when a
 * token names a key id not seen yet (key rotation).
 *
 * <p>Thread-safe: jose4j's resolvers are; the discovery runs at most once successfully
 * (synchronized). Reading a URL blocks: call from a worker thread, never an event loop.
 */
final class IssuerKeys implements VerificationKeyResolver {

    private final BearerSettings settings;
    private final Get http;
    private VerificationKeyResolver resolved;

    private IssuerKeys(BearerSettings settings, Get http, VerificationKeyResolver resolved) {
        this.settings = settings;
        this.http = http;
        this.resolved = resolved;
    }

    /**
     * The keys of {@code settings}: a file is read now (failing with an IllegalArgumentException
     * naming it), a URL on first use.
     */
    static IssuerKeys of(BearerSettings settings) {
        Get http = new Get();
        settings.caFile().ifPresent(ca -> http.setTrustedCertificates(certificates(ca)));
        VerificationKeyResolver fromFile = settings.keysFile().map(IssuerKeys::fromFile).orElse(null);
        return new IssuerKeys(settings, http, fromFile);
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        return resolver().resolveKey(jws, nestingContext);
    }

    private synchronized VerificationKeyResolver resolver() throws UnresolvableKeyException {
        if (resolved == null) {
            URI jwks = settings.jwksUrl().isPresent() ? settings.jwksUrl().get() : discover();
            HttpsJwks keys = new HttpsJwks(jwks.toString());
            keys.setSimpleHttpGet(http);
            keys.setDefaultCacheDuration(settings.keysTtl().toSeconds());
            resolved = new HttpsJwksVerificationKeyResolver(keys);
        }
        return resolved;
    }

    /** The {@code jwks_uri} of the issuer's discovery document. */
    private URI discover() throws UnresolvableKeyException {
        URI document = settings.discoveryUrl();
        try {
            SimpleResponse response = http.get(document.toString());
            if (response.getStatusCode() != 200) {
                throw unreachable("the OIDC discovery document " + document + " answered HTTP " + response.getStatusCode());
            }
            Map<String, Object> fields = JsonUtil.parseJson(response.getBody());
            Object jwks = fields.get("jwks_uri");
            if (!(jwks instanceof String uri) || uri.isBlank()) {
                throw unreachable("the OIDC discovery document " + document + " names no jwks_uri");
            }
            return URI.create(uri);
        } catch (IOException | JoseException e) {
            throw new UnresolvableKeyException("cannot read the OIDC discovery document " + document + ": " + e.getMessage(), e);
        }
    }

    /** Keys that cannot be read: the cause marks it as the provider's fault, not the token's. */
    private static UnresolvableKeyException unreachable(String message) {
        return new UnresolvableKeyException(message, new IOException(message));
    }

    private static VerificationKeyResolver fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the issuer's keys file " + file + ": " + e.getMessage(), e);
        }
        try {
            if (!text.startsWith("{")) {
                // One key and no key ids: every token is checked against it, whatever kid it names.
                PublicKey key = pemPublicKey(text);
                return (jws, nesting) -> key;
            }
            List<JsonWebKey> keys = new JsonWebKeySet(text).getJsonWebKeys();
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("the issuer's keys file " + file + " holds no key");
            }
            return new JwksVerificationKeyResolver(keys);
        } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the issuer's keys file " + file + " is neither a JWKS document nor a PEM public key: "
                    + e.getMessage(), e);
        }
    }

    private static PublicKey pemPublicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    private static X509Certificate[] certificates(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            X509Certificate[] certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            if (certificates.length == 0) {
                throw new IllegalArgumentException("the CA file " + caFile + " holds no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the CA file " + caFile + " is not PEM certificates: " + e.getMessage(), e);
        }
    }
}
