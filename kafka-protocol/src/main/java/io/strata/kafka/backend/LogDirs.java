package io.strata.kafka.backend;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * This node's log directory as Kafka's DescribeLogDirs needs it. A Strata node keeps every replica
 * in one data directory, so it has exactly one log dir; it never holds a "future" replica (Kafka's
 * copy of a replica moving between two log dirs of one broker).
 *
 * <p>The stage never blocks its caller (an event loop): sizes and disk space are read elsewhere.
 */
public interface LogDirs {

    /** The data directory now: its disk space and every replica held in it. */
    CompletionStage<LogDir> describe();

    /**
     * One log dir.
     *
     * @param path        the directory's absolute path
     * @param totalBytes  the size of the file system holding it
     * @param usableBytes what this process may still write to that file system
     * @param replicas    every replica held in it, in no particular order
     */
    record LogDir(String path, long totalBytes, long usableBytes, List<ReplicaSize> replicas) {
        public LogDir {
            replicas = List.copyOf(replicas);
        }
    }

    /**
     * One replica in a log dir.
     *
     * @param sizeBytes the bytes of its segment files
     * @param offsetLag how far its log end lags its high watermark, never negative (Kafka's
     *                  {@code max(HW − LEO, 0)}: 0 on a leader; on a follower, the leader's high
     *                  watermark as last heard minus the follower's log end)
     */
    record ReplicaSize(TopicPartition partition, long sizeBytes, long offsetLag) {
    }
}
