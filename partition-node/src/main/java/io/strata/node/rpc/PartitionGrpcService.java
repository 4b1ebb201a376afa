package io.strata.node.rpc;

import com.google.protobuf.UnsafeByteOperations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.strata.api.error.StrataException;
import io.strata.api.v1.Acks;
import io.strata.api.v1.AppendRequest;
import io.strata.api.v1.AppendResponse;
import io.strata.api.v1.CreateReplicaRequest;
import io.strata.api.v1.CreateReplicaResponse;
import io.strata.api.v1.DeleteReplicaRequest;
import io.strata.api.v1.DeleteReplicaResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchPartitionsRequest;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRequest;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.ListOffsetsResponse;
import io.strata.api.v1.ListReplicasRequest;
import io.strata.api.v1.ListReplicasResponse;
import io.strata.api.v1.OffsetForLeaderEpochRequest;
import io.strata.api.v1.OffsetForLeaderEpochResponse;
import io.strata.api.v1.OffsetsForLeaderEpochsRequest;
import io.strata.api.v1.OffsetsForLeaderEpochsResponse;
import io.strata.api.v1.PartitionService;
import io.strata.api.v1.ReplicaFetchRequest;
import io.strata.api.v1.ReplicaFetchResponse;
import io.strata.api.v1.ReplicaInfo;
import io.strata.node.config.NodeConfig;
import io.strata.node.log.EpochEndOffset;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.PartitionLog;
import io.strata.node.log.TimestampOffset;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The partition node's gRPC data plane. A thin shell: requests are checked and handed to
 * {@link ReplicaManager} and the partition logs; every failure is a {@link StrataException} that
 * {@link io.strata.api.error.GrpcErrorMapper} turns into a status.
 *
 * <p>All handlers run on worker threads ({@code @Blocking}) because they touch files. A fetch that
 * finds no data does not hold its thread while it waits: it parks on the replica's next-append
 * future with a timer, and reads again on a worker thread when either fires. {@code Fetch} is
 * served by {@link DirectFetchRoute} (answers written without copies), which does not dispatch to
 * a worker: {@link #fetch} moves itself there.
 */
@GrpcService
@Blocking
public class PartitionGrpcService implements PartitionService {

    @Inject
    ReplicaManager replicas;
    @Inject
    NodeConfig config;
    @Inject
    ReplicaFetchHandler replicaFetches;
    @Inject
    LeaderEpochEnds epochEnds;
    @Inject
    PartitionsFetchHandler partitionsFetches;

    private final Counter appendedRecords;
    private final Counter appendedBytes;
    private final Counter fetchedBytes;
    private final Counter throttledAppends;
    private InFlightBytes inFlightAppends;

    @Inject
    public PartitionGrpcService(MeterRegistry registry) {
        this.appendedRecords = registry.counter("strata.node.appended.records");
        this.appendedBytes = registry.counter("strata.node.appended.bytes");
        this.fetchedBytes = registry.counter("strata.node.fetched.bytes");
        this.throttledAppends = registry.counter("strata.node.throttled.appends");
    }

    /**
     * Appends in flight are bounded in bytes (max-in-flight-append-bytes): an Append beyond the
     * bound is refused THROTTLED before it is decoded, so a burst of large appends cannot take the
     * node's heap; the gateway backs off and retries it.
     */
    @PostConstruct
    void init() {
        inFlightAppends = new InFlightBytes(config.maxInFlightAppendBytes());
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        InFlightBytes bound = inFlightAppends;
        long bytes = request.getRecords().size();
        if (!bound.tryTake(bytes)) {
            throttledAppends.increment();
            return Uni.createFrom().failure(new StrataException(ErrorCode.THROTTLED, "node " + config.id() + " already handles "
                    + bound.inFlight() + " bytes of appends, at its limit strata.node.max-in-flight-append-bytes="
                    + bound.limit() + "; this append of " + bytes + " bytes to " + request.getTopic() + "-" + request.getPartition()
                    + " was not written; retry after a backoff"));
        }
        return Uni.createFrom().deferred(() -> {
            Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
            boolean waitForIsr = request.getAcks() == Acks.ACKS_ALL || request.getAcks() == Acks.ACKS_UNSPECIFIED;
            long timeoutMs = request.getTimeoutMs() > 0 ? request.getTimeoutMs() : config.appendTimeout().toMillis();
            return Uni.createFrom().completionStage(
                    replica.append(ByteBuffer.wrap(request.getRecords().toByteArray()), waitForIsr, timeoutMs));
        }).map(result -> {
            appendedRecords.increment(result.recordCount());
            appendedBytes.increment(result.sizeInBytes());
            return AppendResponse.newBuilder()
                    .setBaseOffset(result.firstOffset())
                    .setLastOffset(result.lastOffset())
                    .setLogStartOffset(result.logStartOffset())
                    .build();
        }).onTermination().invoke(() -> bound.giveBack(bytes));
    }

    @Override
    public Uni<FetchResponse> fetch(FetchRequest request) {
        return Uni.createFrom().deferred(() -> {
            Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
            long waitNanos = Math.min(Math.max(0, request.getMaxWaitMs()), config.maxFetchWait().toMillis()) * 1_000_000L;
            FetchLimits limits = new FetchLimits(request.getOffset(), maxBytes(request), Math.max(1, request.getMinBytes()),
                    System.nanoTime() + waitNanos);
            return fetchUntilReady(replica, limits);
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // served by DirectFetchRoute, without @Blocking's dispatch
    }

    @Override
    public Uni<FetchPartitionsResponse> fetchPartitions(FetchPartitionsRequest request) {
        return partitionsFetches.fetch(request)
                .invoke(response -> response.getPartitionsList().forEach(p -> fetchedBytes.increment(p.getRecords().size())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // served by DirectFetchRoute, as Fetch is
    }

    private int maxBytes(FetchRequest request) {
        if (request.getMaxBytes() < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "max_bytes must be 0 (the default) or more, got "
                    + request.getMaxBytes());
        }
        int wanted = request.getMaxBytes() == 0 ? config.defaultFetchBytes() : request.getMaxBytes();
        return Math.min(wanted, config.maxFetchBytes());
    }

    /** Reads; when there is not yet min_bytes of data, waits for the next append or the deadline and reads again. */
    private Uni<FetchResponse> fetchUntilReady(Replica replica, FetchLimits limits) {
        CompletableFuture<Void> nextAppend = replica.nextChange();
        LogReadResult result;
        try {
            result = replica.read(limits.offset(), limits.maxBytes());
        } catch (RuntimeException e) {
            nextAppend.cancel(false);
            throw e;
        }
        long remainingMs = LongPoll.remainingMs(limits.deadlineNanos());
        if (result.records().remaining() >= limits.minBytes() || remainingMs < 1) {
            nextAppend.cancel(false); // not waiting: the replica must not keep the wait
            fetchedBytes.increment(result.records().remaining());
            return Uni.createFrom().item(toResponse(result, replica.highWatermark()));
        }
        return LongPoll.changeOrTimeout(nextAppend, remainingMs)
                .chain(() -> fetchUntilReady(replica, limits));
    }

    private static FetchResponse toResponse(LogReadResult result, long highWatermark) {
        return FetchResponse.newBuilder()
                .setRecords(UnsafeByteOperations.unsafeWrap(result.records()))
                .setHighWatermark(highWatermark)
                .setLogStartOffset(result.logStartOffset())
                .setLogEndOffset(result.logEndOffset())
                .build();
    }

    @Override
    public Uni<ListOffsetsResponse> listOffsets(ListOffsetsRequest request) {
        return Uni.createFrom().item(() -> {
            Replica replica = replicas.get(new TopicPartition(request.getTopic(), request.getPartition()));
            replica.leaderState();
            PartitionLog log = replica.log();
            return switch (request.getSpec()) {
                case OFFSET_SPEC_EARLIEST -> offsets(log.logStartOffset(), -1);
                case OFFSET_SPEC_LATEST -> offsets(replica.highWatermark(), -1);
                case OFFSET_SPEC_TIMESTAMP -> {
                    Optional<TimestampOffset> found = log.offsetForTimestamp(request.getTimestampMs());
                    yield found.map(f -> offsets(f.offset(), f.timestamp())).orElseGet(() -> offsets(-1, -1));
                }
                default -> throw new StrataException(ErrorCode.INVALID_REQUEST,
                        "spec must be OFFSET_SPEC_EARLIEST, OFFSET_SPEC_LATEST or OFFSET_SPEC_TIMESTAMP, got " + request.getSpec());
            };
        });
    }

    private static ListOffsetsResponse offsets(long offset, long timestamp) {
        return ListOffsetsResponse.newBuilder().setOffset(offset).setTimestampMs(timestamp).build();
    }

    @Override
    public Uni<CreateReplicaResponse> createReplica(CreateReplicaRequest request) {
        return Uni.createFrom().item(() -> {
            TopicPartition id = new TopicPartition(request.getTopic(), request.getPartition());
            try {
                return CreateReplicaResponse.newBuilder().setCreated(replicas.create(id, "", request.getConfigsMap())).build();
            } catch (IOException e) {
                throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot create replica " + id + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Uni<DeleteReplicaResponse> deleteReplica(DeleteReplicaRequest request) {
        return Uni.createFrom().item(() -> {
            TopicPartition id = new TopicPartition(request.getTopic(), request.getPartition());
            try {
                return DeleteReplicaResponse.newBuilder().setDeleted(replicas.delete(id)).build();
            } catch (IOException e) {
                throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot delete replica " + id + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Uni<ListReplicasResponse> listReplicas(ListReplicasRequest request) {
        return Uni.createFrom().item(() -> {
            ListReplicasResponse.Builder response = ListReplicasResponse.newBuilder();
            for (Replica replica : replicas.replicas()) {
                PartitionLog log = replica.log();
                response.addReplicas(ReplicaInfo.newBuilder()
                        .setTopic(replica.id().topic())
                        .setPartition(replica.id().partition())
                        .setLogStartOffset(log.logStartOffset())
                        .setLogEndOffset(log.logEndOffset())
                        .setHighWatermark(replica.highWatermark())
                        .setSizeBytes(log.sizeInBytes())
                        .setSegmentCount(log.segmentCount()));
            }
            return response.build();
        });
    }

    @Override
    public Uni<ReplicaFetchResponse> replicaFetch(ReplicaFetchRequest request) {
        return replicaFetches.fetch(request);
    }

    @Override
    public Uni<OffsetForLeaderEpochResponse> offsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        return Uni.createFrom().item(() -> {
            EpochEndOffset end = epochEnds.endOf(request);
            return OffsetForLeaderEpochResponse.newBuilder().setEpoch(end.epoch()).setEndOffset(end.endOffset()).build();
        });
    }

    @Override
    public Uni<OffsetsForLeaderEpochsResponse> offsetsForLeaderEpochs(OffsetsForLeaderEpochsRequest request) {
        return Uni.createFrom().item(() -> epochEnds.endsOf(request));
    }

    /** What one fetch asked for, fixed when it arrived. */
    private record FetchLimits(long offset, int maxBytes, int minBytes, long deadlineNanos) {
    }
}
