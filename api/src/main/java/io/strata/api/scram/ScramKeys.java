package io.strata.api.scram;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * One user's SCRAM credential as a server keeps it: salt, iterations, stored key and server key,
 * never a password or salted password. {@link #toString()} names only the algorithm and the
 * iteration count, so a credential logged by mistake gives nothing away.
 *
 * <p>Immutable by contract: the arrays are copied in and never handed out for writing.
 */
public record ScramKeys(ScramAlgorithm algorithm, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public ScramKeys {
        Objects.requireNonNull(algorithm, "algorithm");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** Whether {@code candidate} is this stored key, in time that does not depend on where they differ. */
    public boolean storedKeyEquals(byte[] candidate) {
        return MessageDigest.isEqual(storedKey, candidate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScramKeys k && k.algorithm == algorithm && k.iterations == iterations
                && MessageDigest.isEqual(k.salt, salt) && MessageDigest.isEqual(k.storedKey, storedKey)
                && MessageDigest.isEqual(k.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations);
    }

    @Override
    public String toString() {
        return "ScramKeys[" + algorithm.mechanismName() + ", " + iterations + " iterations]";
    }
}
