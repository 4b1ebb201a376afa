package io.strata.metadata.database;

import io.smallrye.mutiny.Uni;
import io.strata.api.v1.MetadataChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;

/**
 * The write path every metadata change takes, inside the caller's transaction:
 * {@link #lock()} the cluster state row, check and apply the change, then {@link #append} it,
 * which takes the next version, stores the change under it and notifies watchers (PostgreSQL
 * NOTIFY on {@value #CHANNEL}, delivered at commit, to every metadata service on the database).
 *
 * <p>Invariant: the change log holds exactly one entry for every version from its oldest retained
 * one to {@link ClusterState#metadataVersion}; a rolled-back transaction takes no version.
 */
@ApplicationScoped
public class MetadataLog {

    /** The PostgreSQL notification channel; the payload is the new version. */
    public static final String CHANNEL = "strata_metadata";

    private final Clock clock;

    public MetadataLog(Clock clock) {
        this.clock = clock;
    }

    /** Locks the cluster state row until the transaction ends and returns it. */
    public Uni<ClusterState> lock() {
        return ClusterState.<ClusterState>findById(ClusterState.ID, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> new IllegalStateException("cluster_state row missing: schema not migrated?"));
    }

    /** Reads the cluster state without locking it. */
    public Uni<ClusterState> read() {
        return ClusterState.findById(ClusterState.ID);
    }

    /**
     * Stamps the change with the next version and stores it. The caller holds {@link #lock()}.
     *
     * @return the change as stored, with its version and time
     */
    public Uni<MetadataChange> append(ClusterState locked, MetadataChange.Builder change) {
        long version = locked.metadataVersion + 1;
        locked.metadataVersion = version;
        MetadataChange stamped = change.setVersion(version).setTimestampMs(clock.millis()).build();
        ChangeLogEntry entry = new ChangeLogEntry();
        entry.version = version;
        entry.committedMs = stamped.getTimestampMs();
        entry.change = stamped.toByteArray();
        return entry.persist()
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', '" + version + "')")
                        .getSingleResult())
                .replaceWith(stamped);
    }
}
