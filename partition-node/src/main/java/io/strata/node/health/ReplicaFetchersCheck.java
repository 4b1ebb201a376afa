package io.strata.node.health;

import io.strata.api.health.Verdict;
import io.strata.node.config.NodeConfig;
import io.strata.node.replication.ReplicationManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every replica fetcher (one per leader node this node follows) has completed a fetch
 * round within {@code strata.node.health.fetcher-stuck-after}. A fetcher that has not cannot tell
 * how far behind its partitions are: its leader is unreachable or hung, or refuses (or this node
 * fails to append) every partition it follows. The check clears by itself once a round completes
 * or the metadata names another leader (which replaces the fetcher).
 */
@Readiness
@ApplicationScoped
public class ReplicaFetchersCheck implements HealthCheck {

    @Inject
    ReplicationManager replication;
    @Inject
    NodeConfig config;

    @Override
    public HealthCheckResponse call() {
        Verdict verdict = HealthRules.fetchers(replication.fetcherRounds(), System.nanoTime(),
                config.health().fetcherStuckAfter());
        return HealthCheckResponse.named("replica-fetchers").status(verdict.up()).withData("reason", verdict.reason()).build();
    }
}
