package io.strata.coordinator.metadata;

import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.TopicCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hands each new topic view to the groups as it arrives (on the metadata watch thread), so that
 * new partitions are assigned and deleted ones dropped without waiting for a heartbeat.
 */
@ApplicationScoped
public class CatalogRelay {

    private final GroupCoordinator groups;

    public CatalogRelay(GroupCoordinator groups) {
        this.groups = groups;
    }

    void onCatalog(@Observes TopicCatalog catalog) {
        groups.applyCatalog(catalog);
    }
}
