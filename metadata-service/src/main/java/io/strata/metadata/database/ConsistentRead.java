package io.strata.metadata.database;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Function;

/**
 * Runs reads in one REPEATABLE READ, READ ONLY transaction, so everything read (including the
 * metadata version) belongs to one committed state: a snapshot at version v holds exactly the
 * changes up to v.
 */
@ApplicationScoped
public class ConsistentRead {

    private final MetadataLog log;

    public ConsistentRead(MetadataLog log) {
        this.log = log;
    }

    /** Reads the cluster state, then {@code reads} with it, all in one snapshot. */
    public <T> Uni<T> run(Function<ClusterState, Uni<T>> reads) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        .executeUpdate())
                .chain(ignored -> log.read())
                .chain(state -> reads.apply(state)));
    }
}
