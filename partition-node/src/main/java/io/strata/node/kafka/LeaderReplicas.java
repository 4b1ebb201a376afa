package io.strata.node.kafka;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.backend.FileBatches;
import io.strata.kafka.backend.LocalPartitions;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.LogSlice;
import io.strata.node.log.PartitionLog;
import io.strata.node.replica.ChangeWaiters;
import io.strata.node.replica.LeaderState;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;
import io.strata.node.replica.TopicPartition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Kafka data plane's view of this node's replicas: the same {@link Replica} calls the gRPC data
 * plane makes ({@code PartitionGrpcService}), so a Kafka producer's batch goes through the same
 * validation, idempotence check, leader-epoch stamping and acks=all wait as a Strata client's.
 *
 * <p>Every call that touches a file runs on {@code disk} (the worker pool), never on the caller's
 * event loop; appends to one partition run there one at a time in the order they were made
 * ({@link AppendOrder}), so a producer's pipelined batches reach the log in the order it sent them.
 * An acks=all append then completes on whichever thread advances the high watermark. A read for
 * a plaintext Kafka connection ({@link #readToSend}) answers with the batches' place in their file,
 * whose lease the listener releases once it has sent them.
 * Thread-safe: it holds no state of its own.
 */
final class LeaderReplicas implements LocalPartitions {

    private final ReplicaManager replicas;
    private final Executor disk;
    private final AppendOrder<org.apache.kafka.common.TopicPartition> appends;
    private final boolean sendFiles;

    /** @param sendFiles {@code strata.node.kafka.send-files}: false answers {@link #readToSend} as {@link #read} */
    LeaderReplicas(ReplicaManager replicas, Executor disk, boolean sendFiles) {
        this.replicas = replicas;
        this.disk = disk;
        this.appends = new AppendOrder<>(disk);
        this.sendFiles = sendFiles;
    }

    @Override
    public CompletionStage<Appended> append(org.apache.kafka.common.TopicPartition partition, ByteBuffer records, short acks,
                                            int timeoutMs) {
        boolean waitForIsr = acks == -1;
        // In submission order per partition: the listener submits a connection's batches in arrival order.
        return appends.submit(partition, () -> replica(partition).append(records, waitForIsr, Math.max(1, timeoutMs)))
                .thenCompose(appended -> appended)
                .thenApply(result -> new Appended(result.firstOffset(), result.logStartOffset()));
    }

    @Override
    public CompletionStage<Fetched> read(org.apache.kafka.common.TopicPartition partition, long offset, int maxBytes,
                                         Optional<Integer> currentLeaderEpoch) {
        return onDisk(() -> {
            Replica replica = replica(partition);
            LeaderState leader = checkEpoch(replica, currentLeaderEpoch);
            LogReadResult read = replica.read(offset, maxBytes);
            return new Fetched(read.records(), replica.highWatermark(), read.logStartOffset(), leader.leaderEpoch());
        });
    }

    /**
     * The batches' place in their segment file ({@link LogSlice}), handed on as {@link FileBatches}
     * whose release closes the slice: the file stays open until the listener has written them.
     */
    @Override
    public CompletionStage<Fetched> readToSend(org.apache.kafka.common.TopicPartition partition, long offset, int maxBytes,
                                               Optional<Integer> currentLeaderEpoch) {
        if (!sendFiles) {
            return read(partition, offset, maxBytes, currentLeaderEpoch);
        }
        return onDisk(() -> {
            Replica replica = replica(partition);
            LeaderState leader = checkEpoch(replica, currentLeaderEpoch);
            LogSlice slice = replica.readSlice(offset, maxBytes);
            if (slice.isEmpty()) {
                return new Fetched(ByteBuffer.allocate(0), replica.highWatermark(), slice.logStartOffset(), leader.leaderEpoch());
            }
            try {
                FileBatches file = new FileBatches(slice.channel(), slice.position(), slice.batchSizes(), slice::close);
                return new Fetched(null, file, replica.highWatermark(), slice.logStartOffset(), leader.leaderEpoch());
            } catch (RuntimeException e) {
                slice.close();
                throw e;
            }
        });
    }

    @Override
    public CompletionStage<Void> nextChange(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        List<CompletableFuture<Void>> changes = new ArrayList<>();
        for (org.apache.kafka.common.TopicPartition partition : partitions) {
            replicas.find(id(partition)).ifPresent(replica -> changes.add(replica.nextChange()));
        }
        if (changes.isEmpty()) {
            return new CompletableFuture<>(); // nothing led here can change: the caller's deadline ends the wait
        }
        return ChangeWaiters.any(changes); // the caller cancels it at its deadline, which releases every wait
    }

    @Override
    public CompletionStage<Optional<TimestampedOffset>> listOffset(org.apache.kafka.common.TopicPartition partition,
                                                                   long timestamp, Optional<Integer> currentLeaderEpoch) {
        return onDisk(() -> {
            Replica replica = replica(partition);
            int epoch = checkEpoch(replica, currentLeaderEpoch).leaderEpoch();
            PartitionLog log = replica.log();
            if (timestamp == -1) {
                return Optional.of(new TimestampedOffset(replica.highWatermark(), -1, epoch));
            }
            if (timestamp == -2) {
                return Optional.of(new TimestampedOffset(log.logStartOffset(), -1, epoch));
            }
            long wanted = timestamp == -3 ? log.maxTimestamp() : timestamp;
            if (timestamp < -3 || wanted < 0) {
                if (timestamp < -3) {
                    throw new StrataException(ErrorCode.INVALID_REQUEST, "timestamp " + timestamp
                            + " is neither a time (>= 0) nor -1 (latest), -2 (earliest) or -3 (max timestamp)");
                }
                return Optional.empty();
            }
            long highWatermark = replica.highWatermark();
            return log.offsetForTimestamp(wanted)
                    .filter(found -> found.offset() < highWatermark)
                    .map(found -> new TimestampedOffset(found.offset(), found.timestamp(), epoch));
        });
    }

    @Override
    public CompletionStage<EpochEnd> endOffsetForEpoch(org.apache.kafka.common.TopicPartition partition,
                                                       Optional<Integer> currentLeaderEpoch, int epoch) {
        return onDisk(() -> {
            Replica replica = replica(partition);
            checkEpoch(replica, currentLeaderEpoch);
            var end = replica.log().endOffsetForEpoch(epoch);
            return new EpochEnd(end.epoch(), end.endOffset());
        });
    }

    @Override
    public CompletionStage<Long> deleteRecords(org.apache.kafka.common.TopicPartition partition, long offset, int timeoutMs) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
        return onDisk(() -> replica(partition).deleteRecordsBefore(offset))
                .thenCompose(target -> lowWatermarkAt(replica(partition), target, deadlineNanos));
    }

    /** Completes with the low watermark once it reaches {@code target}; REQUEST_TIMED_OUT at the deadline. */
    private static CompletableFuture<Long> lowWatermarkAt(Replica replica, long target, long deadlineNanos) {
        // Taken before looking, so that a rise between the look and the wait still wakes it.
        CompletableFuture<Void> change = replica.nextChange();
        long lowWatermark = replica.lowWatermark();
        if (lowWatermark >= target) {
            change.cancel(false);
            return CompletableFuture.completedFuture(lowWatermark);
        }
        long remainingNanos = deadlineNanos - System.nanoTime();
        if (remainingNanos <= 0) {
            change.cancel(false);
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.REQUEST_TIMED_OUT, "the records of "
                    + replica.id() + " before offset " + target + " are deleted on the leader, but the in-sync replicas "
                    + "have not all deleted them yet (low watermark " + lowWatermark + ")"));
        }
        return change.completeOnTimeout(null, remainingNanos, TimeUnit.NANOSECONDS)
                .thenCompose(changed -> lowWatermarkAt(replica, target, deadlineNanos));
    }

    /** The leader's state, refusing a client whose leader epoch is not the leader's (Kafka's fencing of stale clients). */
    private static LeaderState checkEpoch(Replica replica, Optional<Integer> currentLeaderEpoch) {
        LeaderState leader = replica.leaderState();
        if (currentLeaderEpoch.isPresent() && currentLeaderEpoch.get() >= 0 && currentLeaderEpoch.get() != leader.leaderEpoch()) {
            int asked = currentLeaderEpoch.get();
            throw new StrataException(asked < leader.leaderEpoch() ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH,
                    "asked " + replica.id() + " at leader epoch " + asked + "; this leader is at " + leader.leaderEpoch());
        }
        return leader;
    }

    private Replica replica(org.apache.kafka.common.TopicPartition partition) {
        return replicas.get(id(partition));
    }

    private static TopicPartition id(org.apache.kafka.common.TopicPartition partition) {
        return new TopicPartition(partition.topic(), partition.partition());
    }

    private <T> CompletableFuture<T> onDisk(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, disk);
    }
}
