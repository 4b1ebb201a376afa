package io.strata.metadata.node;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks node leases every {@code strata.metadata.lease-check-interval}. Every metadata service
 * instance runs it; the metadata lock makes concurrent checks harmless (the second finds nothing).
 */
@ApplicationScoped
public class LeaseReaper {

    private final NodeRegistry registry;

    public LeaseReaper(NodeRegistry registry) {
        this.registry = registry;
    }

    @Scheduled(every = "${strata.metadata.lease-check-interval}", delayed = "${strata.metadata.lease-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireLeases() {
        return registry.expireLeases().replaceWithVoid();
    }
}
