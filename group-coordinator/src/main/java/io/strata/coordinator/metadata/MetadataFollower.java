package io.strata.coordinator.metadata;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.metadata.MetadataWatcher;
import io.strata.api.v1.TopicDescription;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.TopicCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.TreeMap;

/**
 * The coordinator's copy of the cluster metadata, kept current by {@code WatchMetadata}: which
 * topics exist, how many partitions each has, and where their leaders are.
 *
 * <p>The stream is followed by a {@link MetadataWatcher} (its own thread; a broken stream resumes
 * after {@code watch-retry}, a version gap resubscribes for a snapshot). On every view it publishes
 * (on that thread) this derives the {@link TopicCatalog} (read by any thread) and, when the topics
 * or their partition counts changed, fires it as a CDI event, on which groups recompute their
 * targets.
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

    private volatile MetadataWatcher watcher;
    private volatile TopicCatalog catalog = TopicCatalog.UNKNOWN;
    /** Confined to the watch thread. */
    private boolean catalogPublished;

    void start(@Observes StartupEvent event) {
        if (!metadata.configured()) {
            LOG.log(System.Logger.Level.WARNING, "strata.metadata-url is not set: no topics are known, groups get no partitions");
            return;
        }
        watcher = new MetadataWatcher(metadata.async(), config.watchRetry(), this::onView);
        watcher.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** The latest view (not initialized until the first snapshot). */
    public ClusterMetadata current() {
        MetadataWatcher following = watcher;
        return following == null ? ClusterMetadata.EMPTY : following.current();
    }

    /** The latest topics and partition counts. */
    public TopicCatalog catalog() {
        return catalog;
    }

    /** On the watch thread, for each published view. */
    private void onView(ClusterMetadata view) {
        TopicCatalog next = catalogOf(view);
        if (catalogPublished && next.partitionCounts().equals(catalog.partitionCounts())) {
            return; // the catalog's version moves only when topics change: groups skip the rest
        }
        catalogPublished = true;
        catalog = next;
        catalogChanged.fire(next);
    }

    static TopicCatalog catalogOf(ClusterMetadata metadata) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TopicDescription topic : metadata.topics().values()) {
            counts.put(topic.getName(), topic.getPartitionsCount());
        }
        return TopicCatalog.of(metadata.version(), counts);
    }
}
