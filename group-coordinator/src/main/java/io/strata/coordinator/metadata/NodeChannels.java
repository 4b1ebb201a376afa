package io.strata.coordinator.metadata;

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
 * One gRPC channel per partition-node address (host:port), opened on first use and kept until
 * shutdown: their number is bounded by the nodes ever seen. Only small ListOffsets calls go over them.
 */
@ApplicationScoped
public class NodeChannels {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    /** Set once in the constructor (not final: the client proxy needs a no-args constructor). */
    private CallCredential credential;
    private InternalChannels internal;

    public NodeChannels(SecurityConfig security, InternalChannels internal) {
        this.credential = CallCredential.of(security, Caller.coordinator());
        this.internal = internal;
    }

    /** The PartitionService stub of the node at {@code address}; set a deadline per call. */
    public MutinyPartitionServiceGrpc.MutinyPartitionServiceStub partitionService(String address) {
        return MutinyPartitionServiceGrpc.newMutinyStub(ReconnectAfterFailure.wrap(channels.computeIfAbsent(address,
                a -> internal.forTarget(a).intercept(credential).build())));
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
