package io.strata.api.scram;


import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Keys for a user that does not exist, so that an unknown user's login runs the same steps and
 * fails at the same point as a wrong password (RFC 5802 §5.1: the server should not reveal that a
 * user is unknown). The salt is stable per user and process (an HMAC of the name under a random
 * key), so repeated attempts see one salt; no password can match the stored key. Thread-safe.
 */
public final class DecoyKeys {

    private final byte[] secret = new byte[32];

    public DecoyKeys(SecureRandom random) {
        random.nextBytes(secret);
    }

    public ScramKeys of(String user, ScramAlgorithm algorithm) {
        byte[] seed = algorithm.hmac(secret, (algorithm.mechanismName() + "\0" + user).getBytes(StandardCharsets.UTF_8));
        byte[] salt = Arrays.copyOf(seed, 32);
        byte[] storedKey = algorithm.hmac(secret, seed);
        return new ScramKeys(algorithm, salt, ScramAlgorithm.MIN_ITERATIONS, storedKey, storedKey);
    }
}
