package io.strata.metadata.watch;

import com.google.protobuf.InvalidProtocolBufferException;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.MetadataChange;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the change log and the head version with the plain reactive client (no ORM session: watch
 * streams outlive any request). Read-only; {@link #prune} trims the low end.
 */
@ApplicationScoped
public class ChangeLogReader {

    private final Pool pool;

    public ChangeLogReader(Pool pool) {
        this.pool = pool;
    }

    /** Up to {@code limit} changes with versions above {@code afterVersion}, in version order. */
    public Uni<List<MetadataChange>> readAfter(long afterVersion, int limit) {
        return pool.preparedQuery("SELECT version, change FROM change_log WHERE version > $1 ORDER BY version LIMIT $2")
                .execute(Tuple.of(afterVersion, limit))
                .map(rows -> {
                    List<MetadataChange> changes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        changes.add(parse(row.getLong("version"), row.getBuffer("change").getBytes()));
                    }
                    return changes;
                });
    }

    /** The version of the last committed change. */
    public Uni<Long> head() {
        return pool.query("SELECT metadata_version FROM cluster_state WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Deletes all but the latest {@code retain} changes; returns how many went. */
    public Uni<Integer> prune(int retain) {
        return pool.preparedQuery("DELETE FROM change_log WHERE version <= "
                        + "(SELECT metadata_version FROM cluster_state WHERE id = 1) - $1")
                .execute(Tuple.of(retain))
                .map(rows -> rows.rowCount());
    }

    private static MetadataChange parse(long version, byte[] bytes) {
        try {
            MetadataChange change = MetadataChange.parseFrom(bytes);
            if (change.getVersion() != version) {
                throw new IllegalStateException("change_log row " + version + " holds a change of version " + change.getVersion());
            }
            return change;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("change_log row " + version + " is not a MetadataChange: " + e.getMessage(), e);
        }
    }
}
