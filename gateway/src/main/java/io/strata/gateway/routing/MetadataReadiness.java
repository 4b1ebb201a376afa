package io.strata.gateway.routing;

import io.strata.api.metadata.ClusterMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the metadata cache holds a snapshot (before that, no request can be routed) that
 * {@link MetadataProbe} has confirmed current within {@code strata.gateway.metadata-stale-after}:
 * a gateway that cannot reach the metadata service, or whose watch stream lags, routes to
 * leaders that may have moved.
 */
@Readiness
@ApplicationScoped
public class MetadataReadiness implements HealthCheck {

    @Inject
    MetadataCache cache;
    @Inject
    MetadataProbe probe;

    @Override
    public HealthCheckResponse call() {
        ClusterMetadata metadata = cache.current();
        MetadataFreshness.Judgement judgement = probe.judge();
        return HealthCheckResponse.named("metadata-cache").status(judgement.current())
                .withData("version", metadata.version()).withData("topics", metadata.topics().size())
                .withData("reason", judgement.reason()).build();
    }
}
