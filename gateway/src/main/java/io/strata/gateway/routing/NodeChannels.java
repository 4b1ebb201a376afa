package io.strata.gateway.routing;

import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.strata.api.aliasing.AliasedResponses;
import io.strata.api.v1.PartitionServiceGrpc;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.tls.InternalChannels;
import io.quarkus.runtime.ShutdownEvent;
import io.strata.api.v1.MutinyPartitionServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per partition-node address (host:port), opened on first use and reused by
 * every request (a gRPC channel multiplexes calls over one HTTP/2 connection and reconnects by
 * itself). Channels stay open until shutdown: their number is bounded by the nodes ever seen.
 * {@code Fetch} and {@code FetchPartitions} answers are parsed with one copy, their records a view of it, relayed as they are
 * ({@link AliasedResponses}; {@code strata.grpc.aliased-answers=false} for grpc-java's two copies).
 */
@ApplicationScoped
public class NodeChannels {

    private final Map<String, MutinyPartitionServiceGrpc.MutinyPartitionServiceStub> stubs = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /** Set once in the constructor (not final: the client proxy needs a no-args constructor). */
    private CallCredential credential;
    private InternalChannels internal;
    /** Null when strata.grpc.aliased-answers is false: Fetch answers parsed with grpc-java's two copies. */
    private AliasedResponses aliased;

    public NodeChannels(SecurityConfig security, InternalChannels internal,
                        @ConfigProperty(name = "strata.grpc.aliased-answers", defaultValue = "true") boolean aliasedAnswers) {
        this.credential = CallCredential.of(security, Caller.gateway());
        this.internal = internal;
        this.aliased = aliasedAnswers ? AliasedResponses.of(PartitionServiceGrpc.getFetchMethod(),
                PartitionServiceGrpc.getFetchPartitionsMethod()) : null;
    }

    /** The PartitionService stub of the node at {@code address} (host:port); set a deadline per call. */
    public MutinyPartitionServiceGrpc.MutinyPartitionServiceStub partitionService(String address) {
        return stubs.computeIfAbsent(address, a -> MutinyPartitionServiceGrpc.newMutinyStub(
                ReconnectAfterFailure.wrap(channels.computeIfAbsent(a, this::open))));
    }

    private ManagedChannel open(String address) {
        ManagedChannelBuilder<?> builder = internal.forTarget(address).intercept(credential);
        if (aliased != null) {
            builder.intercept(aliased);
        }
        return builder.build();
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
