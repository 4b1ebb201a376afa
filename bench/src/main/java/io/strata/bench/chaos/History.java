package io.strata.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the workload saw, for the checker: every acknowledgement keyed by the record's unique value
 * (writer id + sequence), never by offset, so that a record acknowledged twice, or two records
 * acknowledged at one offset, stay visible; how many sends failed (outcome unknown: such a record
 * may be stored, once); every committed offset the group
 * was seen to hold, in the order seen.
 *
 * <p>Thread-safety: every collection is concurrent; writers, consumers and watchers record from
 * their own threads, the checker reads after they stopped.
 */
final class History {

    /** One acknowledgement: the record {@code value} is stored at {@code offset} of {@code topic}-{@code partition}. */
    record Ack(String value, String topic, int partition, long offset, long nanos) {
        String partitionId() {
            return topic + "-" + partition;
        }
    }

    /** The group's committed offset of a partition as seen at {@code nanos}. */
    record Commit(String partitionId, long offset, long nanos) {
    }

    private final Map<String, List<Ack>> acks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Commit> commits = new ConcurrentLinkedQueue<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();

    void sent(int records) {
        sent.addAndGet(records);
    }

    void acknowledged(String value, String topic, int partition, long offset) {
        acks.computeIfAbsent(value, v -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new Ack(value, topic, partition, offset, System.nanoTime()));
    }

    void failed(int records) {
        failed.addAndGet(records);
    }

    void consumed(int records) {
        consumed.addAndGet(records);
    }

    void committed(String partitionId, long offset) {
        commits.add(new Commit(partitionId, offset, System.nanoTime()));
    }

    /** Value → its acknowledgements (more than one when a retry was acknowledged again). */
    Map<String, List<Ack>> acks() {
        return acks;
    }

    List<Ack> allAcks() {
        List<Ack> all = new ArrayList<>();
        acks.values().forEach(all::addAll);
        return all;
    }

    List<Commit> commits() {
        return List.copyOf(commits);
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    long consumed() {
        return consumed.get();
    }
}
