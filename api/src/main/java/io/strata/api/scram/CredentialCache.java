package io.strata.api.scram;

import io.strata.api.v1.ScramCredential;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A short-lived copy of users' SCRAM keys, read from the metadata service when a client logs in:
 * a node's for the Kafka listener's SASL, the gateway's for HTTP Basic and gRPC credentials. Design: a per-user entry lives {@code ttl} (strata.node.kafka.sasl.credential-cache-ttl)
 * from when it was fetched, so a credential changed or deleted through another node is honoured
 * here within the TTL, and one changed through this node at once ({@link #invalidate}). A user
 * without credentials is cached the same way (a login storm of an unknown name costs one read per
 * TTL). A failed read is not cached. Concurrent logins of one user share one read.
 *
 * <p>Bound: at most {@code maxUsers} entries; when full, the whole cache is dropped (entries are
 * cheap to read again, and a bound matters more than hit rate under a flood of names).
 *
 * <p>Thread-safe (a concurrent map of completed or in-flight stages); never blocks.
 */
public final class CredentialCache {

    /** Where keys come from: the metadata service's credentials of one user, with keys. */
    @FunctionalInterface
    public interface Source {
        /** Fails with {@link io.strata.api.error.StrataException} when unreachable; never blocks. */
        CompletionStage<List<ScramCredential>> credentialsOf(String user);
    }

    /** Users cached at most by default. */
    public static final int DEFAULT_MAX_USERS = 10_000;

    private final Source backend;
    private final long ttlNanos;
    private final int maxUsers;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public CredentialCache(Source backend, Duration ttl, int maxUsers, LongSupplier nanoClock) {
        if (ttl.isNegative() || maxUsers < 1) {
            throw new IllegalArgumentException("the credential cache needs a TTL ≥ 0 and maxUsers ≥ 1: " + ttl + ", " + maxUsers);
        }
        this.backend = backend;
        this.ttlNanos = ttl.toNanos();
        this.maxUsers = maxUsers;
        this.nanoClock = nanoClock;
    }

    /** The user's keys by algorithm (empty when the user has none), from the cache or the metadata service. */
    public CompletionStage<Map<ScramAlgorithm, ScramKeys>> keysOf(String user) {
        long now = nanoClock.getAsLong();
        Entry cached = entries.get(user);
        if (cached != null && now - cached.fetchedAtNanos < ttlNanos && !cached.keys.isCompletedExceptionally()) {
            return cached.keys;
        }
        if (entries.size() >= maxUsers) {
            entries.clear();
        }
        Entry fresh = new Entry(new CompletableFuture<>(), now);
        entries.put(user, fresh);
        backend.credentialsOf(user).whenComplete((credentials, failure) -> {
            if (failure != null) {
                entries.remove(user, fresh);
                fresh.keys.completeExceptionally(failure);
            } else {
                fresh.keys.complete(keysOf(user, credentials));
            }
        });
        return fresh.keys;
    }

    /** Forgets a user's keys (after this node changed them). */
    public void invalidate(String user) {
        entries.remove(user);
    }

    private static Map<ScramAlgorithm, ScramKeys> keysOf(String user, List<ScramCredential> credentials) {
        Map<ScramAlgorithm, ScramKeys> keys = new EnumMap<>(ScramAlgorithm.class);
        for (ScramCredential credential : credentials) {
            if (!credential.getUser().equals(user)) {
                continue;
            }
            ScramAlgorithm.of(credential.getMechanism()).ifPresent(algorithm -> keys.put(algorithm, new ScramKeys(algorithm,
                    credential.getSalt().toByteArray(), credential.getIterations(), credential.getStoredKey().toByteArray(),
                    credential.getServerKey().toByteArray())));
        }
        return Map.copyOf(keys);
    }

    private record Entry(CompletableFuture<Map<ScramAlgorithm, ScramKeys>> keys, long fetchedAtNanos) {
    }
}
