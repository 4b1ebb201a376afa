package io.strata.api.scram;

import java.util.Map;
import java.util.Optional;

/**
 * Checks a cleartext password (SASL/PLAIN, HTTP Basic, gRPC Basic credentials) against a user's
 * stored SCRAM credential: the password is salted with the stored salt and iterations (the
 * SCRAM-SHA-256 credential when the user has one, else SCRAM-SHA-512's) and the derived stored key
 * compared in constant time. No password store of another kind exists.
 *
 * <p>An unknown user is derived against decoy keys, so it costs the same thousands of HMACs as a
 * wrong password and answers the same: callers cannot tell the two apart by time or by answer
 * (they may log the difference, which {@link Outcome} names). The derivation is CPU work: call it
 * on a worker, never an event loop. Stateless and thread-safe.
 */
public final class PasswordCheck {

    /** What the check found; only {@link #ACCEPTED} lets the caller in. */
    public enum Outcome { ACCEPTED, WRONG_PASSWORD, UNKNOWN_USER }

    private final DecoyKeys decoys;

    public PasswordCheck(DecoyKeys decoys) {
        this.decoys = decoys;
    }

    /** Checks {@code password} against {@code byAlgorithm}, the user's stored keys (empty when the user has none). */
    public Outcome check(String user, String password, Map<ScramAlgorithm, ScramKeys> byAlgorithm) {
        Optional<ScramKeys> stored = Optional.ofNullable(byAlgorithm.get(ScramAlgorithm.SCRAM_SHA_256))
                .or(() -> Optional.ofNullable(byAlgorithm.get(ScramAlgorithm.SCRAM_SHA_512)));
        ScramKeys keys = stored.orElseGet(() -> decoys.of(user, ScramAlgorithm.SCRAM_SHA_256));
        ScramKeys derived = keys.algorithm().keysOfPassword(password, keys.salt(), keys.iterations());
        boolean matches = keys.storedKeyEquals(derived.storedKey());
        if (stored.isEmpty()) {
            return Outcome.UNKNOWN_USER;
        }
        return matches ? Outcome.ACCEPTED : Outcome.WRONG_PASSWORD;
    }
}
