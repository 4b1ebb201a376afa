package io.strata.gateway.routing;

import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
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
 */
@ApplicationScoped
public class NodeChannels {

    private final Map<String, MutinyPartitionServiceGrpc.MutinyPartitionServiceStub> stubs = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /** Set once in the constructor (not final: the client proxy needs a no-args constructor). */
    private CallCredential credential;
    private InternalChannels internal;

    public NodeChannels(SecurityConfig security, InternalChannels internal) {
        this.credential = CallCredential.of(security, Caller.gateway());
        this.internal = internal;
    }

    /** The PartitionService stub of the node at {@code address} (host:port); set a deadline per call. */
    public MutinyPartitionServiceGrpc.MutinyPartitionServiceStub partitionService(String address) {
        return stubs.computeIfAbsent(address, a -> MutinyPartitionServiceGrpc.newMutinyStub(
                ReconnectAfterFailure.wrap(channels.computeIfAbsent(a, this::open))));
    }

    private ManagedChannel open(String address) {
        return internal.forTarget(address)
                .intercept(credential).build();
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
