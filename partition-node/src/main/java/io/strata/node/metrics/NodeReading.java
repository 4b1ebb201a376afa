package io.strata.node.metrics;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.Collection;

/**
 * The node-wide counts operators alert on, computed from one reading of every replica and one
 * metadata snapshot, each named after Kafka's metric of the same meaning. Offline partitions (no
 * leader) and the controller figures are reported by the active controller only, as Kafka does,
 * so that a sum over all nodes counts each partition once. Immutable.
 *
 * @param partitions       replicas this node holds (Kafka's PartitionCount)
 * @param leaders          of those, the ones it leads (LeaderCount)
 * @param underReplicated  led here with an ISR smaller than the replica set (UnderReplicatedPartitions)
 * @param underMinIsr      led here with an ISR smaller than min.insync.replicas (UnderMinIsrPartitionCount)
 * @param offline          when this node is the active controller: partitions with no leader (OfflinePartitionsCount); else 0
 * @param activeController 1 when the metadata names this node the controller (ActiveControllerCount), else 0
 * @param controllerEpoch  the controller epoch in this node's metadata view (0 before any claim)
 */
record NodeReading(int partitions, int leaders, int underReplicated, int underMinIsr, int offline,
                   int activeController, long controllerEpoch) {

    static final NodeReading NONE = new NodeReading(0, 0, 0, 0, 0, 0, 0);

    static NodeReading of(Collection<ReplicaReading> replicas, ClusterMetadata metadata, int localNodeId) {
        int leaders = 0;
        int underReplicated = 0;
        int underMinIsr = 0;
        for (ReplicaReading replica : replicas) {
            leaders += replica.leading() ? 1 : 0;
            underReplicated += replica.underReplicated() ? 1 : 0;
            underMinIsr += replica.underMinIsr() ? 1 : 0;
        }
        boolean active = metadata.controller().getNodeId() == localNodeId;
        int offline = 0;
        if (active) {
            for (TopicDescription topic : metadata.topics().values()) {
                for (PartitionDescription partition : topic.getPartitionsList()) {
                    offline += partition.getLeader() < 0 ? 1 : 0;
                }
            }
        }
        return new NodeReading(replicas.size(), leaders, underReplicated, underMinIsr, offline, active ? 1 : 0,
                metadata.controller().getControllerEpoch());
    }
}
