package io.strata.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Passwords recently found to match a user's stored SCRAM key, so that a client sending Basic
 * credentials on every request costs one key derivation (thousands of HMACs) per TTL, not one per
 * request. What is kept is a SHA-256 of a random per-process key, the user and the password: never
 * the password, and useless outside this process.
 *
 * <p>Invariant: {@link #matches} is true only for the exact user and password {@link #remember}ed
 * less than {@code ttl} ago (so a changed or deleted credential stops working within the TTL, as
 * the keys cache it sits beside). At most {@code maxUsers} entries; when full, all are dropped.
 *
 * <p>Thread-safe (a concurrent map of immutable entries); pure logic with an injected clock.
 */
final class CheckedPasswords {

    private final byte[] secret = new byte[32];
    private final long ttlNanos;
    private final int maxUsers;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    CheckedPasswords(Duration ttl, int maxUsers, LongSupplier nanoClock, SecureRandom random) {
        random.nextBytes(secret);
        this.ttlNanos = ttl.toNanos();
        this.maxUsers = maxUsers;
        this.nanoClock = nanoClock;
    }

    boolean matches(String user, String password) {
        Entry entry = entries.get(user);
        return entry != null && nanoClock.getAsLong() - entry.checkedAtNanos < ttlNanos
                && MessageDigest.isEqual(entry.digest, digest(user, password));
    }

    void remember(String user, String password) {
        if (entries.size() >= maxUsers) {
            entries.clear();
        }
        entries.put(user, new Entry(digest(user, password), nanoClock.getAsLong()));
    }

    private byte[] digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(secret);
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Entry(byte[] digest, long checkedAtNanos) {
    }
}
