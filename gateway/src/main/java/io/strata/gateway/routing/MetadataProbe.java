package io.strata.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.error.GrpcErrors;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.DescribeClusterRequest;
import io.strata.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the metadata service for its metadata version every {@code strata.gateway.metadata-probe-interval}
 * (DescribeCluster, deadline the same interval) and tells {@link MetadataFreshness} what it saw
 * beside the cache's version. An unanswered probe tells it nothing: staleness then grows by itself.
 *
 * <p>Runs on one daemon thread of its own ({@code strata-metadata-probe}), never on an event loop.
 */
@ApplicationScoped
public class MetadataProbe {

    private static final System.Logger LOG = System.getLogger(MetadataProbe.class.getName());

    @Inject
    GatewayConfig config;
    @Inject
    MetadataServiceClient metadata;
    @Inject
    MetadataCache cache;

    private final MetadataFreshness freshness = new MetadataFreshness(System.nanoTime());
    private ScheduledExecutorService thread;

    void start(@Observes StartupEvent event) {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-metadata-probe");
            t.setDaemon(true);
            return t;
        });
        long everyMs = config.metadataProbeInterval().toMillis();
        thread.scheduleWithFixedDelay(this::probe, 0, everyMs, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** Whether the cache is current, and why. */
    public MetadataFreshness.Judgement judge() {
        ClusterMetadata now = cache.current();
        return freshness.judge(now.initialized(), now.version(), System.nanoTime(), config.metadataStaleAfter());
    }

    private void probe() {
        try {
            long serviceVersion = metadata.blocking()
                    .withDeadlineAfter(config.metadataProbeInterval().toMillis(), TimeUnit.MILLISECONDS)
                    .describeCluster(DescribeClusterRequest.getDefaultInstance()).getMetadataVersion();
            freshness.probed(serviceVersion, cache.current().version(), System.nanoTime());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "metadata probe unanswered: " + GrpcErrors.fromStatus(e));
        }
    }
}
