package io.strata.gateway.group;

import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.tls.InternalChannels;
import io.quarkus.runtime.ShutdownEvent;
import io.strata.api.v1.MutinyGroupCoordinatorServiceGrpc;
import io.strata.api.v1.MutinyGroupCoordinatorServiceGrpc.MutinyGroupCoordinatorServiceStub;
import io.strata.gateway.config.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/** The one gRPC channel from this gateway to the group coordinator ({@code strata.gateway.coordinator-url}). */
@ApplicationScoped
public class CoordinatorClient {

    @Inject
    GatewayConfig config;
    @Inject
    SecurityConfig security;
    @Inject
    InternalChannels channels;

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        channel = channels.forUrl(URI.create(config.coordinatorUrl()), "strata.gateway.coordinator-url")
                .intercept(CallCredential.of(security, Caller.gateway())).build();
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A stub whose calls carry the request timeout as their deadline. */
    public MutinyGroupCoordinatorServiceStub stub() {
        return MutinyGroupCoordinatorServiceGrpc.newMutinyStub(ReconnectAfterFailure.wrap(channel))
                .withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
