package io.strata.coordinator.metadata;

import jakarta.inject.Inject;
import io.strata.api.identity.SecurityConfig;
import io.strata.api.identity.Caller;
import io.strata.api.identity.CallCredential;
import io.grpc.ManagedChannel;
import io.strata.api.channel.ReconnectAfterFailure;
import io.grpc.ManagedChannelBuilder;
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

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        metadataUrl.filter(url -> !url.isBlank()).ifPresent(url -> {
            URI uri = URI.create(url);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("strata.metadata-url must be http://host:port, not '" + url + "'");
            }
            channel = ManagedChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
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
