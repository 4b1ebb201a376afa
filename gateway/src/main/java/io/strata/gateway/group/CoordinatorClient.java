package io.strata.gateway.group;

import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.grpc.ManagedChannelBuilder;
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

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        URI url = URI.create(config.coordinatorUrl());
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext()
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
