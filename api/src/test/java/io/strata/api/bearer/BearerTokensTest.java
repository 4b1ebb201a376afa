package io.strata.api.bearer;

import com.sun.net.httpserver.HttpServer;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BearerTokensTest {

    private static final String ISSUER = "https://idp.example/realms/strata";

    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aTokenSignedByTheIssuersKeyNamesItsUserByTheConfiguredClaim() throws Exception {
        RsaJsonWebKey key = rsa("k1");
        BearerTokens tokens = new BearerTokens(settings(jwksFile(key), Optional.empty(), "sub"));
        assertThat(tokens.verify(token(key, claims -> { }))).isEqualTo("alice");

        BearerTokens byName = new BearerTokens(settings(jwksFile(key), Optional.of("strata"), "preferred_username"));
        assertThat(byName.verify(token(key, claims -> {
            claims.setAudience("strata", "other");
            claims.setClaim("preferred_username", "alice.smith");
        }))).isEqualTo("alice.smith");
    }

    @Test
    void anEcKeyInAPemFileVerifiesToo() throws Exception {
        PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("ec");
        Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        BearerTokens tokens = new BearerTokens(settings(pem, Optional.empty(), "sub"));
        JsonWebSignature jws = signed(key, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, claims(c -> { }));
        assertThat(tokens.verify(jws.getCompactSerialization())).isEqualTo("alice");
    }

    @Test
    void eachWrongTokenIsRefusedNamingWhatWasWrong() throws Exception {
        RsaJsonWebKey key = rsa("k1");
        RsaJsonWebKey stranger = rsa("k1");
        BearerTokens tokens = new BearerTokens(settings(jwksFile(key), Optional.of("strata"), "sub"));
        Consumer<JwtClaims> forStrata = c -> c.setAudience("strata");

        assertRefused(tokens, token(key, c -> {
            forStrata.accept(c);
            c.setExpirationTime(NumericDate.fromSeconds(1_700_000_000L));
        }), "the bearer token expired at 2023-11-14T22:13:20Z");
        assertRefused(tokens, token(key, c -> {
            forStrata.accept(c);
            c.setIssuer("https://evil.example");
        }), "the bearer token is not from the issuer " + ISSUER + " (its iss: https://evil.example)");
        assertRefused(tokens, token(key, c -> c.setAudience("billing")), "the bearer token is not for the audience strata");
        assertRefused(tokens, token(stranger, forStrata), "the bearer token's signature does not verify with the issuer's key");
        assertRefused(tokens, token(key, c -> {
            forStrata.accept(c);
            c.unsetClaim("exp");
        }), "the bearer token has no expiry (exp)");
        assertRefused(tokens, token(key, c -> {
            forStrata.accept(c);
            c.unsetClaim("sub");
        }), "the bearer token has no 'sub' claim naming its user");
        assertRefused(tokens, token(key, c -> {
            forStrata.accept(c);
            c.setNotBefore(NumericDate.fromSeconds(4_102_444_800L));
            c.setExpirationTime(NumericDate.fromSeconds(4_102_448_400L));
        }), "the bearer token is not valid before 2100-01-01T00:00:00Z");
    }

    @Test
    void unsignedAndSharedSecretTokensAreNeverAccepted() throws Exception {
        RsaJsonWebKey key = rsa("k1");
        BearerTokens tokens = new BearerTokens(settings(jwksFile(key), Optional.empty(), "sub"));

        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims(c -> { }).toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        String unsigned = none.getCompactSerialization();
        assertThatThrownBy(() -> tokens.verify(unsigned)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).doesNotContain(unsigned);
        });

        // HS256 keyed with the issuer's public key, the classic algorithm-confusion forgery.
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims(c -> { }).toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        hmac.setKeyIdHeaderValue("k1");
        String forged = hmac.getCompactSerialization();
        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).doesNotContain(forged);
        });

        assertThatThrownBy(() -> tokens.verify("not-a-jwt")).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).isEqualTo("the bearer token is not valid: Invalid JOSE Compact Serialization. "
                    + "Expecting either 3 or 5 parts for JWS or JWE respectively but was 1.");
        });
    }

    @Test
    void keysComeFromTheIssuersDiscoveryDocumentAndARotatedKeyIsFetchedAtOnce() throws Exception {
        RsaJsonWebKey first = rsa("2026-11");
        RsaJsonWebKey rotated = rsa("2026-12");
        AtomicReference<String> jwks = new AtomicReference<>(new JsonWebKeySet(List.<JsonWebKey>of(first)).toJson());
        AtomicInteger jwksReads = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/strata";
        serve("/realms/strata/.well-known/openid-configuration",
                () -> "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/certs\"}", new AtomicInteger());
        serve("/realms/strata/certs", jwks::get, jwksReads);
        server.start();
        BearerTokens tokens = new BearerTokens(new BearerSettings(issuer, Optional.empty(), "sub", Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(1)));

        assertThat(tokens.verify(token(first, c -> c.setIssuer(issuer)))).isEqualTo("alice");
        assertThat(tokens.verify(token(first, c -> c.setIssuer(issuer)))).isEqualTo("alice");
        assertThat(jwksReads).hasValue(1);

        jwks.set(new JsonWebKeySet(List.<JsonWebKey>of(first, rotated)).toJson());
        String byTheNewKey = token(rotated, c -> c.setIssuer(issuer));
        // An unseen key id reads the keys again, but not twice within jose4j's 300 ms reprieve
        // (a flood of made-up key ids must not become a flood of reads at the provider).
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> tokens.verify(byTheNewKey).equals("alice"));
        assertThat(jwksReads).hasValue(2);
    }

    @Test
    void aProviderThatCannotBeReadIsNotABadToken() throws Exception {
        RsaJsonWebKey key = rsa("k1");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        URI jwks = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/certs");
        server.createContext("/certs", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        BearerTokens tokens = new BearerTokens(new BearerSettings(ISSUER, Optional.empty(), "sub", Duration.ofSeconds(30),
                Optional.empty(), Optional.of(jwks), Optional.empty(), Duration.ofHours(1)));
        assertThatThrownBy(() -> tokens.verify(token(key, c -> { }))).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
            assertThat(e.getMessage()).startsWith("cannot read the bearer token issuer's keys from the JWKS at " + jwks);
        });
    }

    @Test
    void badSettingsAreRefusedNamingThem() throws Exception {
        Path garbage = Files.writeString(dir.resolve("keys.txt"), "hello");
        assertThatThrownBy(() -> new BearerTokens(settings(garbage, Optional.empty(), "sub")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the issuer's keys file " + garbage + " is neither a JWKS document nor a PEM public key");
        assertThatThrownBy(() -> new BearerSettings(" ", Optional.empty(), "sub", Duration.ZERO, Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ZERO))
                .hasMessage("bearer tokens need the issuer they must come from (the 'iss' claim); none is set");
        assertThatThrownBy(() -> new BearerSettings(ISSUER, Optional.empty(), "sub", Duration.ZERO, Optional.of(garbage),
                Optional.of(URI.create("https://idp.example/certs")), Optional.empty(), Duration.ZERO))
                .hasMessageStartingWith("set the issuer's keys as a file or as a JWKS URL, not both");
    }

    private void serve(String path, java.util.function.Supplier<String> body, AtomicInteger reads) {
        server.createContext(path, exchange -> {
            reads.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private static void assertRefused(BearerTokens tokens, String token, String message) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(StrataException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private BearerSettings settings(Path keys, Optional<String> audience, String claim) {
        return new BearerSettings(ISSUER, audience, claim, Duration.ofSeconds(30), Optional.of(keys), Optional.empty(),
                Optional.empty(), Duration.ofMinutes(10));
    }

    private Path jwksFile(JsonWebKey... keys) throws IOException {
        return Files.writeString(dir.resolve("jwks.json"), new JsonWebKeySet(keys).toJson());
    }

    private static RsaJsonWebKey rsa(String kid) throws JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    private static JwtClaims claims(Consumer<JwtClaims> change) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("alice");
        claims.setExpirationTimeMinutesInTheFuture(10);
        claims.setIssuedAtToNow();
        change.accept(claims);
        return claims;
    }

    private static String token(PublicJsonWebKey key, Consumer<JwtClaims> change) throws JoseException {
        return signed(key, AlgorithmIdentifiers.RSA_USING_SHA256, claims(change)).getCompactSerialization();
    }

    private static JsonWebSignature signed(PublicJsonWebKey key, String algorithm, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(algorithm);
        return jws;
    }
}
