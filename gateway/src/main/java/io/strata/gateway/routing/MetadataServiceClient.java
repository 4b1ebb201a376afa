package io.strata.gateway.routing;

import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.tls.InternalChannels;
import io.quarkus.runtime.ShutdownEvent;
import io.strata.api.v1.MetadataServiceGrpc;
import io.strata.api.v1.MutinyMetadataServiceGrpc;
import io.strata.gateway.config.GatewayConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/** The one gRPC channel from this gateway to the metadata service ({@code strata.gateway.metadata-url}). */
@ApplicationScoped
public class MetadataServiceClient {

    @Inject
    GatewayConfig config;
    @Inject
    SecurityConfig security;
    @Inject
    InternalChannels channels;

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        channel = channels.forUrl(URI.create(config.metadataUrl()), "strata.gateway.metadata-url")
                .intercept(CallCredential.of(security, Caller.gateway())).build();
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** For admin calls; the caller sets a deadline. */
    public MutinyMetadataServiceGrpc.MutinyMetadataServiceStub mutiny() {
        return MutinyMetadataServiceGrpc.newMutinyStub(ReconnectAfterFailure.wrap(channel));
    }

    /** For the staleness probe; the caller sets a deadline. */
    public MetadataServiceGrpc.MetadataServiceBlockingStub blocking() {
        return MetadataServiceGrpc.newBlockingStub(ReconnectAfterFailure.wrap(channel));
    }

        /** For the watch stream. */
    public MetadataServiceGrpc.MetadataServiceStub async() {
        return MetadataServiceGrpc.newStub(ReconnectAfterFailure.wrap(channel));
    }
}
