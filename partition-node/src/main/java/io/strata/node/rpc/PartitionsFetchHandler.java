package io.strata.node.rpc;

import com.google.protobuf.UnsafeByteOperations;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.PartitionFetch;
import io.strata.api.v1.PartitionRecords;
import io.strata.node.config.NodeConfig;
import io.strata.node.log.LogReadResult;
import io.strata.node.replica.ChangeWaiters;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer's read of many partitions led here, in one call ({@code FetchPartitions}, the
 * gateway's side of the Java client's fetch): one long poll for all of them instead of one per
 * partition, which at hundreds of idle partitions per consumer was most of a gateway's calls.
 *
 * <p>Rules: partitions are read in request order, each with at most its own max_bytes and what is
 * left of the request's; only the first partition with records may pass that bound (by its first
 * batch); once the bound is reached the rest are not read (the caller rotates its order).
 * The answer holds only partitions with records or an error: a partition left out had nothing at
 * its offset. With fewer than min_bytes in all and no error, the call waits (without a thread) for
 * the next change of any of them, at most max_wait_ms (capped at max-fetch-wait), and reads again.
 * A partition's error (not the leader, out of range) is its own: the others are still read.
 *
 * <p>Invariant: the watch on every replica is taken before it is read, so an append between the
 * read and the wait still wakes the call; every watch is cancelled when the call answers.
 *
 * <p>Stateless; any thread. Reads touch files, so it runs on worker threads.
 */
@ApplicationScoped
public class PartitionsFetchHandler {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;

    Uni<FetchPartitionsResponse> fetch(FetchPartitionsRequest request) {
        if (request.getMaxBytes() < 0 || request.getMaxWaitMs() < 0) {
            return Uni.createFrom().failure(new StrataException(ErrorCode.INVALID_REQUEST,
                    "max_bytes and max_wait_ms must be 0 or more, got " + request.getMaxBytes() + " and " + request.getMaxWaitMs()));
        }
        long deadlineNanos = System.nanoTime()
                + Math.min(request.getMaxWaitMs(), config.maxFetchWait().toMillis()) * 1_000_000L;
        return Uni.createFrom().deferred(() -> fetchUntilReady(request, deadlineNanos));
    }

    private Uni<FetchPartitionsResponse> fetchUntilReady(FetchPartitionsRequest request, long deadlineNanos) {
        List<CompletableFuture<Void>> changes = new ArrayList<>(request.getPartitionsCount());
        FetchPartitionsResponse.Builder response = FetchPartitionsResponse.newBuilder();
        long bytesLeft = request.getMaxBytes() > 0 ? request.getMaxBytes() : Long.MAX_VALUE;
        long bytes = 0;
        boolean anyError = false;
        for (PartitionFetch partition : request.getPartitionsList()) {
            if (bytesLeft <= 0) {
                break;
            }
            PartitionRecords read = readOne(partition, bytesLeft, changes);
            if (read == null) {
                continue;
            }
            if (bytes > 0 && read.getRecords().size() > bytesLeft) {
                break; // its first batch alone passes the bound (a read gives at least one): the next call reads it
            }
            bytesLeft -= read.getRecords().size();
            bytes += read.getRecords().size();
            anyError |= read.getErrorCode() != ErrorCode.ERROR_CODE_UNSPECIFIED;
            response.addPartitions(read);
        }
        long remainingMs = LongPoll.remainingMs(deadlineNanos);
        if (anyError || bytes >= Math.max(1, request.getMinBytes()) || remainingMs < 1 || changes.isEmpty()) {
            changes.forEach(change -> change.cancel(false)); // not waiting: the replicas must not keep the waits
            return Uni.createFrom().item(response.build());
        }
        return LongPoll.changeOrTimeout(ChangeWaiters.any(changes), remainingMs)
                .chain(() -> fetchUntilReady(request, deadlineNanos));
    }

    /** One partition's answer; null when it had nothing at its offset. */
    private PartitionRecords readOne(PartitionFetch partition, long bytesLeft, List<CompletableFuture<Void>> changes) {
        PartitionRecords.Builder answer = PartitionRecords.newBuilder().setTopic(partition.getTopic())
                .setPartition(partition.getPartition());
        try {
            if (partition.getOffset() < 0 || partition.getMaxBytes() < 0) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "offset and max_bytes must be 0 or more, got "
                        + partition.getOffset() + " and " + partition.getMaxBytes());
            }
            Replica replica = replicas.get(new TopicPartition(partition.getTopic(), partition.getPartition()));
            CompletableFuture<Void> change = replica.nextChange();
            changes.add(change);
            int wanted = partition.getMaxBytes() == 0 ? config.defaultFetchBytes() : partition.getMaxBytes();
            int maxBytes = (int) Math.min(bytesLeft, Math.min(wanted, config.maxFetchBytes()));
            LogReadResult read = replica.read(partition.getOffset(), maxBytes);
            if (!read.records().hasRemaining()) {
                return null;
            }
            return answer.setRecords(UnsafeByteOperations.unsafeWrap(read.records()))
                    .setHighWatermark(replica.highWatermark())
                    .setLogStartOffset(read.logStartOffset())
                    .setNextOffset(nextOffset(read.records(), partition.getOffset()))
                    .build();
        } catch (RuntimeException e) {
            StrataException error = GrpcErrors.asStrataException(e);
            return answer.setErrorCode(error.code()).setErrorMessage(String.valueOf(error.getMessage())).build();
        }
    }

    private static long nextOffset(ByteBuffer records, long offset) {
        long next = offset;
        for (RecordBatch batch : MemoryRecords.readableRecords(records.duplicate()).batches()) {
            next = Math.max(next, batch.lastOffset() + 1);
        }
        return next;
    }
}
