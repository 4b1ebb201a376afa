package io.strata.adminui.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's whole topic list (for the cluster page, which counts leaders and replicas per
 * node; the topic list page asks the gateway for one page instead), kept for as long as the
 * cluster's metadata version does not move.
 *
 * <p>Why: {@code GET /admin/topics} describes every partition of every topic (2.4 MB for 10,000
 * topics), while {@code GET /admin/cluster}, which the cluster page asks anyway, is a few ms and carries the metadata version, which the metadata
 * service moves by one on every change (a topic created or deleted, a config, a leader, an ISR). A
 * list read after the version was read holds that version's changes or later ones, so keeping it
 * under that version never shows a page older than the cluster description beside it. The list
 * carries no offsets (those come from the topic page's own describe), so nothing in it changes
 * without the version moving.
 *
 * <p>Thread-safe: one immutable snapshot swapped atomically; two requests that both miss both read
 * the list, and either snapshot is correct.
 */
@ApplicationScoped
public class TopicListCache {

    private record Snapshot(long metadataVersion, List<TopicReport> topics) {
    }

    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    @Inject
    GatewayClient gateway;

    /** The topics as of {@code cluster}'s metadata version or later. */
    public List<TopicReport> topics(ClusterReport cluster) {
        Snapshot snapshot = last.get();
        if (snapshot != null && snapshot.metadataVersion() == cluster.metadataVersion()) {
            return snapshot.topics();
        }
        List<TopicReport> topics = List.copyOf(gateway.topics());
        last.set(new Snapshot(cluster.metadataVersion(), topics));
        return topics;
    }
}
