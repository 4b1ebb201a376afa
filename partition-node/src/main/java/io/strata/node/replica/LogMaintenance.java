package io.strata.node.replica;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.node.config.NodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs retention, time-based flushes and high-watermark checkpoints for every replica on one background thread of its own,
 * so that deleting segments and fsyncing never happens on a request thread or an event loop.
 * Opening the replicas at start-up (which may recover logs) also happens here, before the node
 * reports ready.
 */
@ApplicationScoped
public class LogMaintenance {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;

    private ScheduledExecutorService scheduler;

    void start(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "strata-log-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        long retentionMs = config.retentionCheckInterval().toMillis();
        long flushMs = config.flushCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(replicas::applyRetention, retentionMs, retentionMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(replicas::maybeFlush, flushMs, flushMs, TimeUnit.MILLISECONDS);
        long checkpointMs = config.highWatermarkCheckpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(replicas::checkpointHighWatermarks, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
    }
}
