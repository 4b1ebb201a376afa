package io.strata.coordinator.metadata;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.config.CoordinatorConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks partition leaders where their logs start and end, and which offset a timestamp falls on
 * ({@code PartitionService.ListOffsets}), routed by the followed metadata. Failures come back as
 * {@link StrataException}s with the leader's (or the routing's) code: LEADER_NOT_AVAILABLE,
 * NODE_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION, REQUEST_TIMED_OUT.
 */
@ApplicationScoped
public class LogOffsets {

    private final MetadataFollower metadata;
    private final NodeChannels nodes;
    private final Duration timeout;

    public LogOffsets(MetadataFollower metadata, NodeChannels nodes, CoordinatorConfig config) {
        this.metadata = metadata;
        this.nodes = nodes;
        this.timeout = config.listOffsetsTimeout();
    }

    public Uni<Long> earliest(TopicPartition partition) {
        return list(partition, OffsetSpec.OFFSET_SPEC_EARLIEST, 0);
    }

    /** The log end offset: the offset the next appended record gets. */
    public Uni<Long> latest(TopicPartition partition) {
        return list(partition, OffsetSpec.OFFSET_SPEC_LATEST, 0);
    }

    /** The first offset whose record timestamp is at or after {@code timestampMs}; the log end offset when none is. */
    public Uni<Long> atTimestamp(TopicPartition partition, long timestampMs) {
        return list(partition, OffsetSpec.OFFSET_SPEC_TIMESTAMP, timestampMs)
                .chain(offset -> offset >= 0 ? Uni.createFrom().item(offset) : latest(partition));
    }

    /**
     * The answer comes back on the caller's Vert.x context: the node's gRPC answer arrives on a
     * channel thread, and callers go on to the database (Hibernate Reactive), which must run on
     * the context that opened its session.
     */
    private Uni<Long> list(TopicPartition partition, OffsetSpec spec, long timestampMs) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            ClusterMetadata.Leader leader = leaderOf(partition);
            ListOffsetsRequest request = ListOffsetsRequest.newBuilder().setTopic(partition.topic())
                    .setPartition(partition.partition()).setSpec(spec).setTimestampMs(timestampMs).build();
            Uni<Long> offset = nodes.partitionService(leader.address())
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .listOffsets(request)
                    .map(response -> response.getOffset())
                    .onFailure().transform(GrpcErrors::fromStatus);
            return caller == null ? offset : offset.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private ClusterMetadata.Leader leaderOf(TopicPartition partition) {
        ClusterMetadata view = metadata.current();
        if (!view.initialized()) {
            throw new StrataException(ErrorCode.LEADER_NOT_AVAILABLE, "the coordinator has no cluster metadata "
                    + "(strata.metadata-url unset or the metadata service not reached yet); cannot read offsets of " + partition);
        }
        return view.leader(partition.topic(), partition.partition());
    }
}
