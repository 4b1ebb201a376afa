package io.strata.node.replica;

import io.strata.node.log.AppendResult;
import io.strata.node.log.LogReadResult;
import io.strata.node.log.PartitionLog;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One partition replica on this node: its log, its topic configs, and the fetches waiting for
 * new data.
 *
 * <p>Invariant: an append completes the future that waiters took before it started, so a fetch
 * that took {@link #nextAppend()} before reading cannot miss an append that its read did not see.
 * Thread-safe: the log serialises appends; the future is swapped atomically.
 */
public final class Replica {

    /** Until leader election lands, every replica leads at epoch 0. */
    static final int LEADER_EPOCH = 0;

    private final TopicPartition id;
    private final String topicId;
    private final PartitionLog log;
    private volatile Map<String, String> configs;
    private final AtomicReference<CompletableFuture<Void>> nextAppend = new AtomicReference<>(new CompletableFuture<>());

    Replica(TopicPartition id, String topicId, PartitionLog log, Map<String, String> configs) {
        this.id = id;
        this.topicId = topicId;
        this.log = log;
        this.configs = Map.copyOf(configs);
    }

    public TopicPartition id() {
        return id;
    }

    /** The id of the topic incarnation this replica belongs to; empty when created without one. */
    public String topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    /** The topic configs this replica was created with (defaults fill the rest). */
    public Map<String, String> configs() {
        return configs;
    }

    void configs(Map<String, String> configs) {
        this.configs = Map.copyOf(configs);
    }

    /** Validates, appends and wakes the fetches waiting for data. */
    public AppendResult append(ByteBuffer records) {
        AppendResult result = log.appendAsLeader(records, LEADER_EPOCH);
        nextAppend.getAndSet(new CompletableFuture<>()).complete(null);
        return result;
    }

    public LogReadResult read(long offset, int maxBytes) {
        return log.read(offset, maxBytes);
    }

    /** Completes when the next append after this call has been written. */
    public CompletionStage<Void> nextAppend() {
        return nextAppend.get();
    }
}
