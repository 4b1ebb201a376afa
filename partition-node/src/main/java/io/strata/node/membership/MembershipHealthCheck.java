package io.strata.node.membership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the node is registered with the metadata service (or stands alone). */
@Readiness
@ApplicationScoped
public class MembershipHealthCheck implements HealthCheck {

    @Inject
    MetadataFollower follower;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("metadata-membership").status(follower.ready()).build();
    }
}
