package io.strata.kafka.api;

import io.strata.kafka.sasl.SaslServer;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the listener knows of one client connection. With SASL on the listener
 * ({@code authenticationRequired}), a connection has no principal until SaslHandshake chose a
 * mechanism ({@link #beginSasl}) and SaslAuthenticate completed it ({@link #authenticate}); the
 * dispatcher refuses every API but ApiVersions and the SASL ones until then. Without SASL every
 * connection is the anonymous principal from the start.
 *
 * <p>Thread-safe: the principal and the SASL exchange are each set at most once (compare-and-set)
 * and read by handlers on any thread; the end of a quota's mute only grows (atomic max).
 */
public final class ClientSession {

    /** Kafka's name for the unauthenticated principal on a PLAINTEXT listener. */
    public static final String ANONYMOUS = "User:ANONYMOUS";

    private final String connectionId;
    private final InetSocketAddress remote;
    private final AtomicReference<String> principal;
    private final AtomicReference<SaslServer> sasl = new AtomicReference<>();
    private volatile boolean rawSaslTokens;
    private final AtomicLong mutedUntilNanos = new AtomicLong(Long.MIN_VALUE);
    private final boolean sendsFiles;

    public ClientSession(String connectionId, InetSocketAddress remote, boolean authenticationRequired) {
        this(connectionId, remote, authenticationRequired, false);
    }

    /**
     * @param sendsFiles the connection writes record batches from their file to its socket (a
     *                   plaintext socket: no TLS in the way), so Fetch may answer with file regions
     */
    public ClientSession(String connectionId, InetSocketAddress remote, boolean authenticationRequired, boolean sendsFiles) {
        this.connectionId = connectionId;
        this.remote = remote;
        this.principal = new AtomicReference<>(authenticationRequired ? null : ANONYMOUS);
        this.sendsFiles = sendsFiles;
    }

    /** Whether a Fetch answer on this connection may carry record batches as file regions. */
    public boolean sendsFiles() {
        return sendsFiles;
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

    /**
     * Starts this connection's one SASL exchange; false when one was started before (Kafka allows
     * one per connection). {@code rawTokens}: the tokens come as bare frames (SaslHandshake v0),
     * not in SaslAuthenticate requests.
     */
    public boolean beginSasl(SaslServer server, boolean rawTokens) {
        if (!sasl.compareAndSet(null, server)) {
            return false;
        }
        rawSaslTokens = rawTokens;
        return true;
    }

    /** Whether the SASL tokens of this connection come as bare frames (after SaslHandshake v0). */
    public boolean rawSaslTokens() {
        return rawSaslTokens;
    }

    /** The SASL exchange SaslHandshake started, if any. */
    public Optional<SaslServer> saslServer() {
        return Optional.ofNullable(sasl.get());
    }

    /** The principal's name without {@code User:} (what user quotas name); empty before authentication. */
    public Optional<String> userName() {
        return principal().map(p -> p.startsWith("User:") ? p.substring("User:".length()) : p);
    }

    /**
     * A quota throttled this connection: read no further request from it until {@code untilNanos}
     * ({@link System#nanoTime()} scale), as Kafka mutes a throttled channel (KIP-219). A later end
     * extends it; an earlier one is ignored.
     */
    public void muteUntil(long untilNanos) {
        mutedUntilNanos.accumulateAndGet(untilNanos, Math::max);
    }

    /** Until when ({@link System#nanoTime()} scale) no request is to be read; in the past when not muted. */
    public long mutedUntilNanos() {
        return mutedUntilNanos.get();
    }
}
