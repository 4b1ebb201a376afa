package io.strata.node.health;

import io.strata.api.health.Verdict;
import io.strata.node.config.NodeConfig;
import io.strata.node.replica.ReplicaManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ready while the data directory's file system has at least
 * {@code strata.node.health.disk-free-min-bytes} usable: below it the node is about to refuse
 * writes with STORAGE_ERROR. It stays up for reads; readiness only tells an orchestrator (and an
 * operator) to look. Asks the file system at each call (one {@code statfs}), on the health
 * worker thread.
 */
@Readiness
@ApplicationScoped
public class DiskSpaceCheck implements HealthCheck {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;

    @Override
    public HealthCheckResponse call() {
        Path dataDir = replicas.dataDir();
        long free = usableBytes(dataDir);
        Verdict verdict = HealthRules.diskFree(free, config.health().diskFreeMinBytes());
        return HealthCheckResponse.named("disk-space").status(verdict.up())
                .withData("data_dir", dataDir.toString()).withData("reason", verdict.reason()).build();
    }

    /** Usable bytes on the file system holding {@code dir}; -1 when it cannot be asked. */
    static long usableBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }
}
