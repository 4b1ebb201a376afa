package io.strata.coordinator.config;

import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupSettings;
import io.strata.coordinator.metadata.MetadataFollower;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.UUID;

/** Makes the plain-Java parts into beans: the one clock, and the in-memory groups built from the config. */
public class CoordinatorBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    GroupCoordinator groupCoordinator(CoordinatorConfig config, Clock clock, MetadataFollower metadata) {
        GroupSettings settings = new GroupSettings(millis(config.sessionTimeout().toMillis()),
                millis(config.heartbeatInterval().toMillis()), millis(config.reconcileHeartbeatInterval().toMillis()),
                millis(config.rebalanceTimeout().toMillis()),
                config.historyLimit());
        return new GroupCoordinator(settings, clock, () -> UUID.randomUUID().toString(), metadata::catalog);
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
