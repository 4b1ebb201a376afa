package io.strata.node.membership;

import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;

import java.io.IOException;
import java.util.Map;

/**
 * Makes the replicas on disk match what the metadata assigns to this node: creates the missing
 * ones, deletes the ones no longer assigned (or left from an older incarnation of a topic with
 * the same name), and applies changed topic configs.
 *
 * <p>Idempotent: running it twice with the same assignments changes nothing the second time.
 * One partition's failure (say, a full disk) is logged and retried on the next run; it does not
 * stop the others.
 */
public final class ReplicaReconciler {

    private static final System.Logger LOG = System.getLogger(ReplicaReconciler.class.getName());

    private final ReplicaManager replicas;

    public ReplicaReconciler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    /** What one run changed. */
    public record Outcome(int created, int deleted, int reconfigured, int failed) {
    }

    public Outcome reconcile(Map<TopicPartition, ClusterView.Assignment> assigned) {
        int created = 0;
        int deleted = 0;
        int reconfigured = 0;
        int failed = 0;
        for (Replica replica : replicas.replicas()) {
            ClusterView.Assignment assignment = assigned.get(replica.id());
            boolean stale = assignment == null || !replica.topicId().equals(assignment.topicId());
            try {
                if (stale && replicas.delete(replica.id())) {
                    deleted++;
                } else if (!stale && !replica.configs().equals(assignment.configs())) {
                    replicas.updateConfigs(replica.id(), assignment.configs());
                    reconfigured++;
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.log(System.Logger.Level.WARNING, "cannot reconcile replica " + replica.id() + ": " + e.getMessage());
            }
        }
        for (Map.Entry<TopicPartition, ClusterView.Assignment> entry : assigned.entrySet()) {
            try {
                if (replicas.create(entry.getKey(), entry.getValue().topicId(), entry.getValue().configs())) {
                    created++;
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.log(System.Logger.Level.WARNING, "cannot create replica " + entry.getKey() + ": " + e.getMessage());
            }
        }
        return new Outcome(created, deleted, reconfigured, failed);
    }
}
