package io.strata.node.rpc;

import com.google.protobuf.UnsafeByteOperations;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ReplicaFetchPartition;
import io.strata.api.v1.ReplicaFetchPartitionData;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.node.config.NodeConfig;
import io.strata.node.log.LogReadResult;
import io.strata.node.replica.ChangeWaiters;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import io.strata.node.replication.ReplicationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's side of replication: answers a follower's fetch for all the partitions it follows
 * here. Each partition is served on its own (one partition's error does not fail the others); the
 * fetch offsets tell the leader each follower's progress. When no partition has new data, the
 * request waits (without a thread) for the next change of any of them, at most its max_wait_ms.
 *
 * <p>Bound: an answer carries at most the request's {@code max_bytes} of records (this node's
 * {@code strata.node.replication.fetch-max-bytes} when the request gives none), plus at most one
 * batch: partitions are served in request order, each read with at most what is left of the
 * bound, and once nothing is left the remaining partitions are left out of the answer (not read,
 * so their progress is recorded when they are next served). The first partition with data always
 * gets a batch, so a follower always makes progress; the follower moves served partitions to the
 * end of its next request, so none is left out for ever.
 */
@ApplicationScoped
public class ReplicaFetchHandler {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;
    @Inject
    ReplicationConfig replication;

    Uni<ReplicaFetchResponse> fetch(ReplicaFetchRequest request) {
        long deadlineNanos = System.nanoTime()
                + Math.min(Math.max(0, request.getMaxWaitMs()), config.maxFetchWait().toMillis()) * 1_000_000L;
        return Uni.createFrom().deferred(() -> fetchUntilData(request, deadlineNanos));
    }

    /** Package-private for tests: answers now when {@code deadlineNanos} has passed. */
    Uni<ReplicaFetchResponse> fetchUntilData(ReplicaFetchRequest request, long deadlineNanos) {
        List<CompletableFuture<Void>> changes = new ArrayList<>();
        ReplicaFetchResponse.Builder response = ReplicaFetchResponse.newBuilder();
        boolean anyData = false;
        long bytesLeft = request.getMaxBytes() > 0 ? request.getMaxBytes() : replication.fetchMaxBytes();
        for (ReplicaFetchPartition partition : request.getPartitionsList()) {
            if (bytesLeft <= 0) {
                break; // the answer is full: the rest are served in a later round
            }
            ReplicaFetchPartitionData data = fetchOne(request, partition, bytesLeft, changes);
            bytesLeft -= data.getRecords().size();
            // A follower behind the leader's log start (DeleteRecords) hears of it now, not at the end
            // of the wait; only as far as the high watermark, which bounds what a follower deletes.
            anyData |= !data.getRecords().isEmpty() || data.getError().getNumber() != 0
                    || (partition.hasLogStartOffset()
                    && Math.min(data.getLogStartOffset(), data.getHighWatermark()) > partition.getLogStartOffset());
            response.addPartitions(data);
        }
        long remainingMs = LongPoll.remainingMs(deadlineNanos);
        if (anyData || remainingMs < 1 || changes.isEmpty()) {
            changes.forEach(change -> change.cancel(false)); // not waiting: the replicas must not keep the waits
            return Uni.createFrom().item(response.build());
        }
        return LongPoll.changeOrTimeout(ChangeWaiters.any(changes), remainingMs)
                .chain(() -> fetchUntilData(request, deadlineNanos));
    }

    private ReplicaFetchPartitionData fetchOne(ReplicaFetchRequest request, ReplicaFetchPartition partition,
                                               long bytesLeft, List<CompletableFuture<Void>> changes) {
        ReplicaFetchPartitionData.Builder data = ReplicaFetchPartitionData.newBuilder()
                .setTopic(partition.getTopic()).setPartition(partition.getPartition());
        Replica replica = null;
        try {
            replica = replicas.get(new TopicPartition(partition.getTopic(), partition.getPartition()));
            changes.add(replica.nextChange());
            int maxBytes = (int) Math.min(bytesLeft, request.getMaxBytesPerPartition() > 0
                    ? request.getMaxBytesPerPartition() : config.replicaFetchBytes());
            LogReadResult read = replica.readForFollower(request.getReplicaId(), partition.getFetchOffset(),
                    partition.hasLogStartOffset() ? partition.getLogStartOffset() : -1, partition.getLeaderEpoch(), maxBytes);
            return data.setRecords(UnsafeByteOperations.unsafeWrap(read.records()))
                    .setHighWatermark(replica.highWatermark())
                    .setLogStartOffset(read.logStartOffset())
                    .setLogEndOffset(read.logEndOffset())
                    .build();
        } catch (RuntimeException e) {
            StrataException error = GrpcErrors.asStrataException(e);
            if (replica != null) {
                data.setLogStartOffset(replica.log().logStartOffset()).setLogEndOffset(replica.log().logEndOffset());
            }
            return data.setError(error.code()).setErrorMessage(error.getMessage()).build();
        }
    }
}
