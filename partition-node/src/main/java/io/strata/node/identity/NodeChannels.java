package io.strata.node.identity;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.tls.InternalChannels;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * How this node dials other Strata services (the metadata service, other nodes' replication, the
 * group coordinator): TLS or plaintext as {@code strata.tls.*} says ({@link InternalChannels}), and
 * this node's {@link NodeCredential} on every call. Every channel the node opens is built here.
 * Immutable after construction; the builders it returns are the caller's.
 */
@Singleton
public class NodeChannels {

    private final InternalChannels internal;
    private final NodeCredential credential;

    public NodeChannels(InternalChannels internal, NodeCredential credential) {
        this.internal = internal;
        this.credential = credential;
    }

    /** A channel to the service at {@code url}, named in errors by its {@code setting}. */
    public ManagedChannel toUrl(String url, String setting) {
        return internal.forUrl(URI.create(url), setting).intercept(credential.interceptor()).build();
    }

    /** A builder for another node at {@code address} (host:port, as nodes register), credential installed. */
    public ManagedChannelBuilder<?> toNode(String address) {
        return internal.forTarget(address).intercept(credential.interceptor());
    }
}
