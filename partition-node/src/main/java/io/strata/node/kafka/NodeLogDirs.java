package io.strata.node.kafka;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.backend.LogDirs;
import io.strata.node.replica.Replica;
import io.strata.node.replica.ReplicaManager;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * This node's data directory as Kafka's one log dir: its absolute path, the file system's total
 * and usable bytes, and per replica its segment bytes and offset lag ({@code max(HW − LEO, 0)},
 * as a Kafka broker computes it from its own log: 0 on a leader, whose high watermark never passes
 * its log end; on a follower, the leader's high watermark as last fetched minus its own log end).
 *
 * <p>Reads sizes and disk space on {@code disk} (the worker pool), never on the caller's event
 * loop. Thread-safe: holds no state of its own; each replica is read without a lock, so one
 * answer is a snapshot per replica, not across replicas (as Kafka's).
 */
final class NodeLogDirs implements LogDirs {

    private final ReplicaManager replicas;
    private final Executor disk;

    NodeLogDirs(ReplicaManager replicas, Executor disk) {
        this.replicas = replicas;
        this.disk = disk;
    }

    @Override
    public CompletionStage<LogDir> describe() {
        return CompletableFuture.supplyAsync(this::describeNow, disk);
    }

    private LogDir describeNow() {
        Path dir = replicas.dataDir().toAbsolutePath().normalize();
        long total;
        long usable;
        try {
            FileStore store = Files.getFileStore(dir);
            total = store.getTotalSpace();
            usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot read the file system of " + dir + ": " + e.getMessage());
        }
        List<ReplicaSize> sizes = new ArrayList<>();
        for (Replica replica : replicas.replicas()) {
            long logEnd = replica.log().logEndOffset();
            long lag = Math.max(0, replica.highWatermark() - logEnd);
            sizes.add(new ReplicaSize(new org.apache.kafka.common.TopicPartition(replica.id().topic(), replica.id().partition()),
                    replica.log().sizeInBytes(), lag));
        }
        return new LogDir(dir.toString(), total, usable, sizes);
    }
}
