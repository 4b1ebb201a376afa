package io.strata.node.replica;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every replica in the data directory is open (recovered where needed). */
@Readiness
@ApplicationScoped
public class ReplicasHealthCheck implements HealthCheck {

    @Inject
    ReplicaManager replicas;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("replicas")
                .up()
                .withData("replicas", replicas.replicas().size())
                .withData("data_dir", replicas.dataDir().toString())
                .build();
    }
}
