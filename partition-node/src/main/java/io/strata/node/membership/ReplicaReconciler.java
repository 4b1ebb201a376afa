package io.strata.node.membership;

import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Makes the replicas on disk match what the metadata assigns to this node: applies changed cluster
 * defaults (first, so that replicas created in the same run start with them), creates the missing
 * ones, removes the ones no longer assigned (or left from an older incarnation of a topic with
 * the same name), and applies changed topic configs.
 *
 * <p>Deleted or stray: a replica whose topic incarnation this node has seen assigned to it since it
 * started, and which the metadata no longer assigns, was deleted while the node watched (topic
 * deleted, or the partition moved away): its directory is deleted (renamed {@code -delete}, removed
 * in the background). A replica the metadata never assigned since start (found on disk at start,
 * unknown to the metadata: the node was down when its topic went, or the metadata was restored
 * from an older backup) is <em>stray</em>: renamed aside to {@code -stray} and reported at WARN,
 * never deleted, as KRaft does.
 *
 * <p>Idempotent: running it twice with the same assignments changes nothing the second time.
 * One partition's failure (say, a full disk) is logged and retried on the next run; it does not
 * stop the others. Not thread-safe: confined to the membership thread.
 */
public final class ReplicaReconciler {

    private static final System.Logger LOG = System.getLogger(ReplicaReconciler.class.getName());

    private final ReplicaManager replicas;
    /** Topic incarnations (ids) assigned to this node by some metadata applied since start. */
    private final Set<String> seenTopicIds = new HashSet<>();

    public ReplicaReconciler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    /** What one run changed. */
    public record Outcome(int created, int deleted, int strays, int reconfigured, int failed) {

        public boolean changedAnything() {
            return created + deleted + strays + reconfigured + failed > 0;
        }
    }

    public Outcome reconcile(Map<String, String> clusterDefaults, Map<TopicPartition, ClusterView.Assignment> assigned) {
        int created = 0;
        int deleted = 0;
        int strays = 0;
        int reconfigured = 0;
        int failed = 0;
        try {
            reconfigured += replicas.updateClusterDefaults(clusterDefaults);
        } catch (IOException | RuntimeException e) {
            failed++;
            LOG.log(System.Logger.Level.WARNING, "cannot apply the cluster defaults " + clusterDefaults + ": " + e.getMessage());
        }
        for (Replica replica : replicas.replicas()) {
            ClusterView.Assignment assignment = assigned.get(replica.id());
            boolean stale = assignment == null || !replica.topicId().equals(assignment.topicId());
            try {
                if (stale && seenTopicIds.contains(replica.topicId())) {
                    deleted += replicas.delete(replica.id()) ? 1 : 0;
                } else if (stale) {
                    strays += replicas.renameStray(replica.id()).isPresent() ? 1 : 0;
                } else if (!replica.configs().equals(assignment.configs())) {
                    replicas.updateConfigs(replica.id(), assignment.configs());
                    reconfigured++;
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.log(System.Logger.Level.WARNING, "cannot reconcile replica " + replica.id() + ": " + e.getMessage());
            }
        }
        for (Map.Entry<TopicPartition, ClusterView.Assignment> entry : assigned.entrySet()) {
            seenTopicIds.add(entry.getValue().topicId());
            try {
                if (replicas.create(entry.getKey(), entry.getValue().topicId(), entry.getValue().configs())) {
                    created++;
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.log(System.Logger.Level.WARNING, "cannot create replica " + entry.getKey() + ": " + e.getMessage());
            }
        }
        return new Outcome(created, deleted, strays, reconfigured, failed);
    }
}
