package io.strata.coordinator.metadata;

import jakarta.inject.Inject;
import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.strata.api.tls.InternalChannels;
import io.quarkus.runtime.ShutdownEvent;
import io.strata.api.v1.MetadataServiceGrpc;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one gRPC channel to the metadata service, at {@code strata.metadata-url} (http://host:port;
 * gRPC is served on that port). Without a URL the coordinator runs without cluster metadata: groups
 * get no partitions and lag and offset resets by position are unavailable (a test setup).
 */
@ApplicationScoped
public class MetadataServiceClient {

    @ConfigProperty(name = "strata.metadata-url")
    Optional<String> metadataUrl;
    @Inject
    SecurityConfig security;
    @Inject
    InternalChannels channels;

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        metadataUrl.filter(url -> !url.isBlank()).ifPresent(url -> {
            channel = channels.forUrl(URI.create(url), "strata.metadata-url")
                    .intercept(CallCredential.of(security, Caller.coordinator())).build();
        });
    }

    void close(@Observes ShutdownEvent event) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    public boolean configured() {
        return channel != null;
    }

    /** For the watch stream; only when {@link #configured()}. */
    public MetadataServiceGrpc.MetadataServiceStub async() {
        return MetadataServiceGrpc.newStub(ReconnectAfterFailure.wrap(channel));
    }
}
