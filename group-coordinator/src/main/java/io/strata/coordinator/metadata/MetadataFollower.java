package io.strata.coordinator.metadata;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.error.GrpcErrors;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataState;
import io.strata.api.v1.TopicDescription;
import io.strata.api.v1.WatchMetadataRequest;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.TopicCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's copy of the cluster metadata, kept current by {@code WatchMetadata}: which
 * topics exist, how many partitions each has, and where their leaders are.
 *
 * <p>The stream is followed on one thread of its own ({@code strata-metadata-watch}); stream
 * callbacks only hand events to it. A broken stream resumes from the last applied version after
 * {@code watch-retry}; a version gap resubscribes from 0 for a snapshot. Every applied change
 * publishes a new immutable {@link ClusterMetadata} and {@link TopicCatalog} (read by any thread)
 * and fires the catalog as a CDI event, on which groups recompute their targets.
 */
@ApplicationScoped
public class MetadataFollower {

    private static final System.Logger LOG = System.getLogger(MetadataFollower.class.getName());

    @Inject
    CoordinatorConfig config;
    @Inject
    MetadataServiceClient metadata;
    @Inject
    Event<TopicCatalog> catalogChanged;

    private final MetadataState state = new MetadataState();
    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private volatile TopicCatalog catalog = TopicCatalog.UNKNOWN;
    private ScheduledExecutorService thread;
    private ClientCallStreamObserver<WatchMetadataRequest> watch;
    private int generation;

    void start(@Observes StartupEvent event) {
        if (!metadata.configured()) {
            LOG.log(System.Logger.Level.WARNING, "strata.metadata-url is not set: no topics are known, groups get no partitions");
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "strata-metadata-watch");
            t.setDaemon(true);
            return t;
        });
        thread.execute(() -> subscribe(0));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (thread == null) {
            return;
        }
        thread.execute(() -> {
            generation++;
            if (watch != null) {
                watch.cancel("coordinator shutting down", null);
            }
        });
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The latest view (not initialized until the first snapshot). */
    public ClusterMetadata current() {
        return current;
    }

    /** The latest topics and partition counts. */
    public TopicCatalog catalog() {
        return catalog;
    }

    private void subscribe(long fromVersion) {
        int mine = ++generation;
        WatchMetadataRequest request = WatchMetadataRequest.newBuilder().setFromVersion(fromVersion).build();
        metadata.async().watchMetadata(request, new ClientResponseObserver<WatchMetadataRequest, WatchMetadataResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchMetadataRequest> requestStream) {
                watch = requestStream;
            }

            @Override
            public void onNext(WatchMetadataResponse response) {
                thread.execute(() -> onEvent(mine, response));
            }

            @Override
            public void onError(Throwable failure) {
                thread.execute(() -> onStreamEnd(mine, GrpcErrors.fromStatus(failure).toString()));
            }

            @Override
            public void onCompleted() {
                thread.execute(() -> onStreamEnd(mine, "the metadata service ended the stream"));
            }
        });
    }

    private void onEvent(int mine, WatchMetadataResponse response) {
        if (mine != generation) {
            return;
        }
        switch (state.apply(response)) {
            case CHANGED -> publish();
            case IGNORED -> {
                // already applied
            }
            case GAP -> {
                LOG.log(System.Logger.Level.WARNING, "metadata version gap after " + state.version() + "; resubscribing for a snapshot");
                watch.cancel("version gap", null);
                subscribe(0);
            }
        }
    }

    private void publish() {
        boolean first = !current.initialized();
        current = state.view();
        TopicCatalog next = catalogOf(current);
        boolean topicsChanged = !next.partitionCounts().equals(catalog.partitionCounts()) || first;
        if (topicsChanged) {
            catalog = next; // the catalog's version moves only when topics change: groups skip the rest
        }
        if (first) {
            LOG.log(System.Logger.Level.INFO, "metadata snapshot at version " + current.version() + ": "
                    + current.topics().size() + " topics, " + current.nodes().size() + " nodes");
        }
        if (topicsChanged) {
            catalogChanged.fire(next);
        }
    }

    static TopicCatalog catalogOf(ClusterMetadata metadata) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TopicDescription topic : metadata.topics().values()) {
            counts.put(topic.getName(), topic.getPartitionsCount());
        }
        return TopicCatalog.of(metadata.version(), counts);
    }

    private void onStreamEnd(int mine, String why) {
        if (mine != generation || thread.isShutdown()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "metadata watch ended (" + why + "); resuming from version " + state.version()
                + " in " + config.watchRetry().toMillis() + " ms");
        thread.schedule(() -> {
            if (mine == generation) {
                subscribe(state.version());
            }
        }, config.watchRetry().toMillis(), TimeUnit.MILLISECONDS);
    }
}
