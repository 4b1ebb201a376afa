package io.strata.node.membership;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which cluster this node's data directory belongs to, and the check that the metadata service it
 * talks to serves that cluster (Kafka's cluster id check of {@code meta.properties}).
 *
 * <p>Invariants: the node id in the directory is the configured one (checked when this object is
 * made, before the node touches any other file); once a cluster id is stored it never changes, and
 * every registration and metadata snapshot must carry it; the first confirmed cluster id is
 * stored before the node loads, creates or deletes anything.
 *
 * <p>Thread-safe: the lease thread confirms registrations while the membership thread checks
 * snapshots.
 */
public final class ClusterIdentity {

    private final Path dataDir;
    private final int nodeId;
    private MetaProperties stored;

    /**
     * Reads the directory's identity, if any.
     *
     * @throws StrataException INVALID_CONFIG when the directory belongs to another node id,
     *                         STORAGE_ERROR when its meta.properties is unreadable
     */
    public ClusterIdentity(Path dataDir, int nodeId) {
        this.dataDir = dataDir;
        this.nodeId = nodeId;
        this.stored = MetaProperties.read(dataDir).orElse(null);
        if (stored != null && stored.nodeId() != nodeId) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "data directory " + dataDir + " belongs to node "
                    + stored.nodeId() + " (" + MetaProperties.FILE_NAME + "), but this node is configured as node " + nodeId
                    + " (strata.node.id): fix strata.node.id or strata.node.data-dir; nothing was changed");
        }
    }

    /** The stored cluster id; empty before the first registration. */
    public synchronized Optional<String> clusterId() {
        return stored == null ? Optional.empty() : Optional.of(stored.clusterId());
    }

    /**
     * Accepts the cluster id a metadata service answered with: stores it on the first
     * registration, otherwise checks it is the stored one.
     *
     * @throws StrataException INCONSISTENT_CLUSTER_ID (naming both ids and the directory) when the
     *                         directory belongs to another cluster
     * @throws IOException     when the first id cannot be stored (the caller retries)
     */
    public synchronized void confirm(String clusterId, String source) throws IOException {
        if (stored == null) {
            MetaProperties first = MetaProperties.of(clusterId, nodeId);
            first.write(dataDir);
            stored = first;
            return;
        }
        check(clusterId, source);
    }

    /** Checks a cluster id heard after registration (a metadata snapshot): see {@link #confirm}. */
    public synchronized void check(String clusterId, String source) {
        if (stored == null || !stored.clusterId().equals(clusterId)) {
            throw mismatch(clusterId, source);
        }
    }

    private StrataException mismatch(String clusterId, String source) {
        String mine = stored == null ? "(none yet)" : stored.clusterId();
        return new StrataException(ErrorCode.INCONSISTENT_CLUSTER_ID, "data directory " + dataDir + " belongs to cluster "
                + mine + " (" + MetaProperties.FILE_NAME + "), but " + source + " serves cluster '" + clusterId
                + "': refusing to join; nothing in the data directory was changed. Point strata.node.metadata-url at"
                + " the metadata service of cluster " + mine + ", or give this node an empty strata.node.data-dir");
    }

    /** The message for a registration the metadata service itself refused for its cluster id. */
    public StrataException refusedBy(String source, String serviceMessage) {
        return new StrataException(ErrorCode.INCONSISTENT_CLUSTER_ID, "data directory " + dataDir + " belongs to cluster "
                + clusterId().orElse("(none)") + " (" + MetaProperties.FILE_NAME + "), and " + source
                + " refused it: " + serviceMessage + ". Nothing in the data directory was changed");
    }
}
