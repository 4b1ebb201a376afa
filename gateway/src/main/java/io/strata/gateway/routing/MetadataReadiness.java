package io.strata.gateway.routing;

import io.strata.api.metadata.ClusterMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the metadata cache holds a snapshot: before that, no request can be routed. */
@Readiness
@ApplicationScoped
public class MetadataReadiness implements HealthCheck {

    @Inject
    MetadataCache cache;

    @Override
    public HealthCheckResponse call() {
        ClusterMetadata metadata = cache.current();
        return HealthCheckResponse.named("metadata-cache").status(metadata.initialized())
                .withData("version", metadata.version()).withData("topics", metadata.topics().size()).build();
    }
}
