package io.strata.kafka.sasl;

import io.strata.api.scram.CredentialCache;
import io.strata.api.scram.DecoyKeys;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The listener's SASL configuration: which mechanisms are enabled, and a fresh {@link SaslServer}
 * for one connection's exchange. Immutable and thread-safe.
 */
public final class SaslAuthenticator {

    private final Set<SaslMechanism> enabled;
    private final CredentialCache credentials;
    private final Executor derivation;
    private final SecureRandom random = new SecureRandom();
    private final DecoyKeys decoys = new DecoyKeys(random);

    /**
     * @param derivation where PLAIN's password derivation runs (a worker pool: it costs thousands of HMACs)
     */
    public SaslAuthenticator(Set<SaslMechanism> enabled, CredentialCache credentials, Executor derivation) {
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("SASL needs at least one enabled mechanism");
        }
        this.enabled = Set.copyOf(enabled);
        this.credentials = credentials;
        this.derivation = derivation;
    }

    /** The enabled mechanisms' SASL names (SaslHandshake's answer). */
    public List<String> enabledNames() {
        return SaslMechanism.names(enabled);
    }

    /** A server for {@code mechanismName}, if that mechanism is enabled. */
    public Optional<SaslServer> serverFor(String mechanismName) {
        return SaslMechanism.ofSaslName(mechanismName).filter(enabled::contains).map(mechanism -> mechanism.scram()
                .<SaslServer>map(algorithm -> new ScramServer(algorithm, credentials, decoys, random))
                .orElseGet(() -> new PlainServer(credentials, decoys, derivation)));
    }

    /** The cache behind the servers (the user APIs invalidate it after a change). */
    public CredentialCache credentials() {
        return credentials;
    }
}
