package io.strata.api.tls;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannelBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one place every internal gRPC channel of a Strata service is built: TLS trusting the cluster
 * CA when {@link TlsConfig#caFile()} is set, plaintext otherwise. Callers add their own interceptors
 * (the call credential) to the builder it returns.
 *
 * <p>With TLS, grpc-java checks that the server's certificate chains to the CA and that one of its
 * subject alternative names is the host dialled (a DNS name or an IP address), so a node address
 * registered in the metadata must be a name its certificate carries. A plaintext channel gets
 * {@link PlaintextHint}, so a call that meets a TLS-only port fails naming TLS.
 *
 * <p>Every channel accepts answers of up to {@link #MAX_ANSWER_BYTES}, the services' own inbound
 * limit ({@code quarkus.grpc.server.max-inbound-message-size}), not grpc-java's default of 4 MiB:
 * a metadata snapshot (a watch from version 0, or DescribeTopics of every topic) takes ~17 bytes a
 * partition at RF 3, so 4 MiB would have refused every watcher's snapshot from ~250,000 partitions
 * on, and a watcher without a snapshot cannot route anything.
 *
 * <p>Immutable and thread-safe; the CA file is read once, when built.
 */
public final class InternalChannels {

    /** The largest answer an internal channel takes: 64 MiB, ~3.9 M partitions of metadata snapshot. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    private final Optional<ChannelCredentials> tls;

    private InternalChannels(Optional<ChannelCredentials> tls) {
        this.tls = tls;
    }

    /** The channels of a service configured by {@code config}; a named, unreadable CA file fails here. */
    public static InternalChannels of(TlsConfig config) {
        return new InternalChannels(config.caFile().map(InternalChannels::trusting));
    }

    /** Plaintext channels (a client outside a service, e.g. a test of an open cluster). */
    public static InternalChannels plaintext() {
        return new InternalChannels(Optional.empty());
    }

    /** TLS channels trusting the CA certificates in {@code caFile} (PEM). */
    public static InternalChannels withCa(Path caFile) {
        return new InternalChannels(Optional.of(trusting(caFile)));
    }

    /** Whether the channels speak TLS. */
    public boolean tls() {
        return tls.isPresent();
    }

    /** A builder for {@code host:port}. */
    public ManagedChannelBuilder<?> forAddress(String host, int port) {
        ManagedChannelBuilder<?> builder = Grpc.newChannelBuilderForAddress(host, port, credentials())
                .maxInboundMessageSize(MAX_ANSWER_BYTES);
        return tls.isPresent() ? builder : builder.intercept(new PlaintextHint(host + ":" + port));
    }

    /** A builder for a {@code host:port} target, as partition nodes register their addresses. */
    public ManagedChannelBuilder<?> forTarget(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a host:port address: '" + hostPort + "'");
        }
        return forAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /**
     * A builder for a service URL ({@code http://host:port} or {@code https://host:port}); the
     * scheme must agree with the TLS setting, so a half-configured service fails at start naming
     * {@code setting} and {@code strata.tls.ca-file}.
     */
    public ManagedChannelBuilder<?> forUrl(URI url, String setting) {
        String scheme = String.valueOf(url.getScheme());
        if (scheme.equals("https") && tls.isEmpty()) {
            throw new IllegalArgumentException(setting + "=" + url + " is https but strata.tls.ca-file"
                    + " (STRATA_TLS_CA_FILE) is not set: name the cluster CA's PEM file");
        }
        if (scheme.equals("http") && tls.isPresent()) {
            throw new IllegalArgumentException(setting + "=" + url + " is http but strata.tls.ca-file is set:"
                    + " internal channels speak TLS, write https://");
        }
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException(setting + "=" + url + " is not an http(s)://host:port URL");
        }
        return forAddress(url.getHost(), url.getPort());
    }

    private ChannelCredentials credentials() {
        return tls.orElseGet(InsecureChannelCredentials::create);
    }

    private static ChannelCredentials trusting(Path caFile) {
        return PemTrust.channelCredentials(caFile, "strata.tls.ca-file");
    }
}
