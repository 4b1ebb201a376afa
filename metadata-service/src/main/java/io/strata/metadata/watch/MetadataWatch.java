package io.strata.metadata.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.MetadataChange;
import io.strata.api.v1.MetadataSnapshot;
import io.strata.api.v1.WatchMetadataResponse;
import io.strata.metadata.config.MetadataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The WatchMetadata stream. Each stream remembers the last version it sent and loops: wait until
 * the {@link ChangeFeed} head is past it, read the next changes from the change log, send them.
 *
 * <p>Exactly once, in order: versions are dense (see {@code MetadataLog}), so a stream that sent
 * version v next sends v + 1 and nothing else; a read that does not start at v + 1 means the
 * change log was pruned past the stream, which then gets a fresh snapshot instead of a gap.
 * A watcher that reconnects with the last version it applied continues at the next one.
 * Back-pressure: the next read starts only when the caller has asked for more. A snapshot comes
 * from the {@link SnapshotCache} (kept current from the change log, built off the event loop).
 */
@ApplicationScoped
public class MetadataWatch {

    private static final Logger LOG = Logger.getLogger(MetadataWatch.class);

    private final ChangeFeed feed;
    private final ChangeLogReader reader;
    private final SnapshotCache snapshots;
    private final MetadataConfig config;
    private final Counter reads;

    public MetadataWatch(ChangeFeed feed, ChangeLogReader reader, SnapshotCache snapshots, MetadataConfig config,
                         MeterRegistry registry) {
        this.feed = feed;
        this.reader = reader;
        this.snapshots = snapshots;
        this.config = config;
        this.reads = Counter.builder("strata.metadata.watch.reads")
                .description("Change-log reads by watch streams: one per wake-up of a stream, none while nothing changes")
                .register(registry);
    }

    public Multi<WatchMetadataResponse> watch(long fromVersion) {
        return Multi.createFrom().deferred(() -> {
            Cursor cursor = new Cursor(fromVersion);
            return Multi.createBy().repeating().uni(() -> next(cursor)).indefinitely()
                    .onItem().transformToIterable(batch -> batch);
        });
    }

    /** A consistent snapshot of the whole metadata, from the {@link SnapshotCache}. */
    public Uni<MetadataSnapshot> snapshot() {
        return snapshots.current();
    }

    private Uni<List<WatchMetadataResponse>> next(Cursor cursor) {
        if (!cursor.started) {
            return reader.head().map(head -> {
                cursor.started = true;
                if (cursor.lastVersion > head) {
                    LOG.infof("watch from version %d is ahead of this cluster's version %d: sending a snapshot",
                            cursor.lastVersion, head);
                    cursor.needsSnapshot = true;
                }
                return List.of();
            });
        }
        if (cursor.needsSnapshot) {
            return snapshot().map(snapshot -> {
                cursor.needsSnapshot = false;
                cursor.lastVersion = snapshot.getVersion();
                return List.of(WatchMetadataResponse.newBuilder().setSnapshot(snapshot).build());
            });
        }
        return feed.awaitAbove(cursor.lastVersion)
                .invoke(() -> reads.increment())
                .chain(() -> reader.readAfter(cursor.lastVersion, config.watchBatchSize()))
                .map(changes -> toResponses(cursor, changes));
    }

    private static List<WatchMetadataResponse> toResponses(Cursor cursor, List<MetadataChange> changes) {
        if (changes.isEmpty()) {
            return List.of();
        }
        if (changes.get(0).getVersion() != cursor.lastVersion + 1) {
            LOG.infof("watch at version %d is behind the change log (oldest %d): sending a snapshot",
                    cursor.lastVersion, changes.get(0).getVersion());
            cursor.needsSnapshot = true;
            return List.of();
        }
        List<WatchMetadataResponse> responses = new ArrayList<>(changes.size());
        for (MetadataChange change : changes) {
            if (change.getVersion() != cursor.lastVersion + 1) {
                throw new IllegalStateException("change log gap: version " + change.getVersion() + " after "
                        + cursor.lastVersion); // versions are dense by construction: a bug
            }
            cursor.lastVersion = change.getVersion();
            responses.add(WatchMetadataResponse.newBuilder().setChange(change).build());
        }
        return responses;
    }

    /** One stream's position. Confined to the stream (its steps run one after the other). */
    private static final class Cursor {
        long lastVersion;
        boolean needsSnapshot;
        boolean started;

        Cursor(long fromVersion) {
            this.lastVersion = fromVersion;
            this.needsSnapshot = fromVersion <= 0;
        }
    }
}
