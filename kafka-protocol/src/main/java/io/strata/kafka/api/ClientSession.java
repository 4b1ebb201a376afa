package io.strata.kafka.api;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the listener knows of one client connection. The SASL hook point: the security issue makes
 * SaslHandshake/SaslAuthenticate set {@link #authenticate(String)}, and the dispatcher refuses every
 * API but ApiVersions and the SASL ones until then when the listener requires authentication. On
 * this plaintext listener every connection is the anonymous principal from the start.
 *
 * <p>Thread-safe: the principal is set once by the connection's event loop and read by handlers.
 */
public final class ClientSession {

    /** Kafka's name for the unauthenticated principal on a PLAINTEXT listener. */
    public static final String ANONYMOUS = "User:ANONYMOUS";

    private final String connectionId;
    private final InetSocketAddress remote;
    private final AtomicReference<String> principal;

    public ClientSession(String connectionId, InetSocketAddress remote, boolean authenticationRequired) {
        this.connectionId = connectionId;
        this.remote = remote;
        this.principal = new AtomicReference<>(authenticationRequired ? null : ANONYMOUS);
    }

    public String connectionId() {
        return connectionId;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** The authenticated principal; empty until SASL has completed on a listener that requires it. */
    public Optional<String> principal() {
        return Optional.ofNullable(principal.get());
    }

    /** Sets the principal once authentication succeeded; a second authentication is refused. */
    public void authenticate(String name) {
        if (!principal.compareAndSet(null, name)) {
            throw new IllegalStateException("connection " + connectionId + " is already authenticated as " + principal.get());
        }
    }
}
