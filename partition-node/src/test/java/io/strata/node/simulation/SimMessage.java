package io.strata.node.simulation;

import io.strata.api.v1.ErrorCode;
import io.strata.node.log.EpochEndOffset;

import java.util.List;

/**
 * The messages of the simulation, one record per RPC request or answer of the real system (the
 * metadata stream is a full snapshot with its version, so a reordered or lost one is harmless, as
 * the real stream's versions make it). A {@code null} error means success.
 */
sealed interface SimMessage {

    /** Node → metadata service: the node's lease. */
    record Heartbeat(int node) implements SimMessage {
    }

    /** Metadata service → node: every partition's state at a metadata version. */
    record MetadataPush(long version, List<MetadataModel.PartitionState> partitions) implements SimMessage {
    }

    /** Leader → metadata service: ReplicationManager's AlterPartition. */
    record AlterPartition(long requestId, int partition, int leader, int leaderEpoch, int partitionEpoch,
                          List<Integer> isr) implements SimMessage {
    }

    record AlterPartitionAnswer(long requestId, int partition, MetadataModel.PartitionState state, ErrorCode error)
            implements SimMessage {
    }

    /** Follower → leader: OffsetForLeaderEpoch, before a follower's first fetch at an epoch. */
    record EpochQuery(long requestId, int partition, int currentLeaderEpoch, int lastFetchedEpoch) implements SimMessage {
    }

    record EpochAnswer(long requestId, int partition, EpochEndOffset end, ErrorCode error) implements SimMessage {
    }

    /** Follower → leader: ReplicaFetch of one partition. */
    record Fetch(long requestId, int partition, long fetchOffset, int leaderEpoch) implements SimMessage {
    }

    record FetchAnswer(long requestId, int partition, List<ModelLog.Entry> entries, long highWatermark,
                       long logEndOffset, ErrorCode error) implements SimMessage {
    }

    /** Client → leader: an acks=all produce of one record. */
    record Produce(long requestId, int partition, long payload) implements SimMessage {
    }

    record ProduceAnswer(long requestId, int partition, long offset, int epoch, ErrorCode error) implements SimMessage {
    }
}
