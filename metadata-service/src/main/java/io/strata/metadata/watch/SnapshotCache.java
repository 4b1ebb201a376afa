package io.strata.metadata.watch;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.metadata.config.MetadataConfig;
import io.strata.metadata.controller.ControllerService;
import io.strata.metadata.database.ConsistentRead;
import io.strata.metadata.node.Node;
import io.strata.metadata.topic.ClusterDefaultsService;
import io.strata.metadata.topic.TopicService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The latest full metadata snapshot, kept current from the change log, so that a watch that needs
 * a snapshot (and a DescribeTopics of every topic) no longer describes every topic from the
 * database on a Vert.x event loop: with 10,000 topics that held the loop for seconds, long enough
 * for HTTP/2 peers to give up on the connection.
 *
 * <p>What a caller sees: a snapshot at some version v holding exactly the changes up to v (the
 * change log is dense and applied in version order by {@link SnapshotDelta}), never older than the
 * cached one, and taking in every change committed before the call began. Topics by name, nodes by id.
 *
 * <p>Where the work runs: the change log read is the reactive client's (event loop, a few rows);
 * applying the changes (copying and sorting the topic list) runs on a worker thread, and the
 * snapshot is handed back on the caller's Vert.x context (its event loop). Only the
 * first snapshot, and one after the change log was pruned past the cached snapshot
 * ({@code change-log-retention}), read every topic from the database; concurrent callers share
 * that one read.
 *
 * <p>Thread-safe: the cache is an immutable snapshot behind an {@link AtomicReference}, replaced
 * only by a newer one.
 */
@ApplicationScoped
public class SnapshotCache {

    private static final Logger LOG = Logger.getLogger(SnapshotCache.class);

    private final ChangeLogReader reader;
    private final ConsistentRead reads;
    private final TopicService topics;
    private final MetadataConfig config;
    private final ClusterDefaultsService clusterDefaults;
    private final AtomicReference<MetadataSnapshot> latest = new AtomicReference<>();
    private final AtomicReference<Uni<MetadataSnapshot>> fullRead = new AtomicReference<>();

    public SnapshotCache(ChangeLogReader reader, ConsistentRead reads, TopicService topics, MetadataConfig config,
                         ClusterDefaultsService clusterDefaults) {
        this.clusterDefaults = clusterDefaults;
        this.reader = reader;
        this.reads = reads;
        this.topics = topics;
        this.config = config;
    }

    /** A snapshot that includes every change committed before this call. */
    public Uni<MetadataSnapshot> current() {
        return Uni.createFrom().deferred(() -> {
            MetadataSnapshot cached = latest.get();
            return cached == null ? full() : advance(cached, Vertx.currentContext());
        });
    }

    /**
     * Applies the changes after {@code from} on a worker thread, then hands the result back to
     * {@code caller} (the gRPC call's event loop): a gRPC answer written to the HTTP/2 connection
     * from a worker thread races the event loop's own writes, and the peer then closes the
     * connection with {@code GOAWAY PROTOCOL_ERROR}.
     */
    private Uni<MetadataSnapshot> advance(MetadataSnapshot from, Context caller) {
        // The change log keeps at most change-log-retention entries: one read, bounded by that limit.
        return reader.readAfter(from.getVersion(), config.changeLogRetention()).chain(changes -> {
            if (changes.isEmpty()) {
                return Uni.createFrom().item(from);
            }
            if (changes.get(0).getVersion() != from.getVersion() + 1) {
                LOG.infof("the change log was pruned past the cached snapshot (version %d, oldest change %d): reading it all",
                        from.getVersion(), changes.get(0).getVersion());
                return full();
            }
            Uni<MetadataSnapshot> applied = Uni.createFrom().item(() -> applied(from, changes))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return caller == null ? applied : applied.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private MetadataSnapshot applied(MetadataSnapshot from, List<MetadataChange> changes) {
        Optional<MetadataSnapshot> next = SnapshotDelta.apply(from, changes);
        if (next.isEmpty()) { // checked above, and the log is dense: a bug
            throw new IllegalStateException("changes after version " + from.getVersion() + " do not continue it");
        }
        return publish(next.get());
    }

    /** The whole state in one consistent read; concurrent callers share one read. */
    private Uni<MetadataSnapshot> full() {
        Uni<MetadataSnapshot> mine = readAll().map(this::publish)
                .onTermination().invoke(() -> fullRead.set(null))
                .memoize().indefinitely();
        Uni<MetadataSnapshot> running = fullRead.compareAndExchange(null, mine);
        return running == null ? mine : running;
    }

    private Uni<MetadataSnapshot> readAll() {
        return reads.run(state -> Node.all().chain(nodes -> topics.describeAll().map(all -> MetadataSnapshot.newBuilder()
                .setVersion(state.metadataVersion)
                .setClusterId(state.clusterId)
                .addAllNodes(nodes.stream().map(Node::describe).toList())
                .addAllTopics(all)
                .setController(ControllerService.describe(state))
                .setClusterDefaults(clusterDefaults.describe(state))
                .build())));
    }

    private MetadataSnapshot publish(MetadataSnapshot snapshot) {
        return latest.accumulateAndGet(snapshot,
                (old, candidate) -> old == null || candidate.getVersion() >= old.getVersion() ? candidate : old);
    }
}
