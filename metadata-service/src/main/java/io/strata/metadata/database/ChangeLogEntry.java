package io.strata.metadata.database;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One committed metadata change: its version, commit time and the {@code strata.v1.MetadataChange}
 * protobuf bytes exactly as the watch stream sends them. Versions are dense (1, 2, 3, …) up to
 * {@link ClusterState#metadataVersion}; old entries are pruned from the low end only.
 */
@Entity
@Table(name = "change_log")
public class ChangeLogEntry extends PanacheEntityBase {

    @Id
    public long version;

    @Column(name = "committed_ms")
    public long committedMs;

    @Column(name = "change")
    public byte[] change;
}
