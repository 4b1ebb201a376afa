package io.strata.node.membership;

import io.strata.api.health.Verdict;
import io.strata.node.config.NodeConfig;
import io.strata.node.health.HealthRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the node is registered with the metadata service and has loaded its replicas, and
 * the service has answered a heartbeat within {@code strata.node.health.metadata-contact-timeout}
 * (or the node stands alone). A node cut off from the metadata service cannot learn of leader
 * changes and is about to lose its lease: it should not be sent new clients.
 */
@Readiness
@ApplicationScoped
public class MembershipHealthCheck implements HealthCheck {

    @Inject
    MetadataFollower follower;
    @Inject
    NodeConfig config;

    @Override
    public HealthCheckResponse call() {
        if (follower.standsAlone()) {
            return HealthCheckResponse.named("metadata-membership").up().withData("reason", "standing alone").build();
        }
        Verdict contact = HealthRules.recent("the metadata service last answered", follower.lastContactNanos(),
                System.nanoTime(), config.health().metadataContactTimeout());
        boolean registered = follower.ready();
        return HealthCheckResponse.named("metadata-membership").status(registered && contact.up())
                .withData("registered", registered).withData("reason", contact.reason()).build();
    }
}
