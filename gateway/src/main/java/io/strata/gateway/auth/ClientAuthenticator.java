package io.strata.gateway.auth;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.strata.api.bearer.BearerSettings;
import io.strata.api.bearer.BearerTokens;
import io.strata.api.error.GrpcErrors;
import io.strata.api.scram.BasicAuthorization;
import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;
import io.strata.api.scram.PasswordCheck;
import io.strata.api.v1.DescribeScramCredentialsRequest;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataServiceClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Who a REST request or gRPC call to the gateway comes from, when {@code strata.gateway.auth.enabled}:
 * the user of its Basic credentials, once the password matches the user's SCRAM credential in the
 * metadata service (the Kafka listener's users; {@link PasswordCheck}, as SASL/PLAIN checks it), or,
 * with {@code strata.gateway.auth.bearer.enabled}, the user a bearer token names once
 * {@link BearerTokens} has checked it.
 *
 * <p>Invariant: a call is let in only when its exact user and password were checked against the
 * stored key less than {@code credential-cache-ttl} ago. Unknown user and wrong password fail the
 * same way, with AUTHENTICATION_FAILED; a metadata service that cannot be asked fails with its
 * own (retriable) error, never as a wrong password.
 *
 * <p>Thread-safe; never blocks its caller: keys come asynchronously from the metadata service and
 * the derivation runs on the worker pool, so an event loop may call {@link #authenticate}.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final String INVALID = "authentication failed: invalid user name or password";
    private static final String BEARER = "Bearer ";

    @Inject
    GatewayConfig config;
    @Inject
    MetadataServiceClient metadata;

    private Optional<BearerTokens> bearerTokens = Optional.empty();
    private CredentialCache keys;
    private CheckedPasswords checked;
    private PasswordCheck passwords;

    @PostConstruct
    void init() {
        GatewayConfig.Auth auth = config.auth();
        SecureRandom random = new SecureRandom();
        keys = new CredentialCache(user -> metadata.mutiny()
                .withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .describeScramCredentials(DescribeScramCredentialsRequest.newBuilder().addUsers(user).setIncludeKeys(true).build())
                .subscribeAsCompletionStage()
                .thenApply(answer -> answer.getCredentialsList()), auth.credentialCacheTtl(), auth.credentialCacheMaxUsers(), System::nanoTime);
        checked = new CheckedPasswords(auth.credentialCacheTtl(), auth.credentialCacheMaxUsers(), System::nanoTime, random);
        passwords = new PasswordCheck(new DecoyKeys(random));
        GatewayConfig.Bearer bearer = auth.bearer();
        if (bearer.enabled()) {
            bearerTokens = Optional.of(new BearerTokens(new BearerSettings(bearer.issuer().orElse(""), bearer.audience(),
                    bearer.principalClaim(), bearer.clockSkew(), bearer.keysFile(), bearer.jwksUrl(), bearer.caFile(),
                    bearer.keysTtl())));
        }
    }

    public boolean enabled() {
        return config.auth().enabled();
    }

    /** Whether bearer tokens are accepted beside Basic credentials. */
    public boolean acceptsBearerTokens() {
        return bearerTokens.isPresent();
    }

    /**
     * The user that {@code authorization} (an Authorization header's value; null when absent)
     * proves. Fails with a {@link io.strata.api.error.StrataException}: AUTHENTICATION_FAILED
     * naming what was wrong, or the metadata service's error when keys could not be read.
     */
    public CompletionStage<String> authenticate(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return bearer(authorization.substring(BEARER.length()).strip());
        }
        if (authorization == null && bearerTokens.isPresent()) {
            return CompletableFuture.failedFuture(BasicAuthorization.failed(
                    "no credentials: this gateway requires Authorization: Basic <base64 of user:password> or Bearer <token>"));
        }
        BasicAuthorization given;
        try {
            given = BasicAuthorization.parse(authorization);
        } catch (RuntimeException malformed) {
            return CompletableFuture.failedFuture(malformed);
        }
        if (checked.matches(given.user(), given.password())) {
            return CompletableFuture.completedFuture(given.user());
        }
        return keys.keysOf(given.user())
                .exceptionally(failure -> {
                    throw GrpcErrors.asStrataException(failure);
                })
                .thenApplyAsync(byAlgorithm -> {
                    if (passwords.check(given.user(), given.password(), byAlgorithm) != PasswordCheck.Outcome.ACCEPTED) {
                        throw BasicAuthorization.failed(INVALID);
                    }
                    checked.remember(given.user(), given.password());
                    return given.user();
                }, Infrastructure.getDefaultWorkerPool());
    }

    /** The user of a bearer token; checked on the worker pool, since reading the issuer's keys may block. */
    private CompletionStage<String> bearer(String token) {
        if (bearerTokens.isEmpty()) {
            return CompletableFuture.failedFuture(BasicAuthorization.failed(
                    "bearer tokens are not accepted here (strata.gateway.auth.bearer.enabled is false): use Basic credentials"));
        }
        BearerTokens verifier = bearerTokens.get();
        return CompletableFuture.supplyAsync(() -> verifier.verify(token), Infrastructure.getDefaultWorkerPool());
    }
}
