package io.strata.node.simulation;

import io.strata.node.log.EpochEndOffset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model of one replica's {@code PartitionLog} for the simulation: one record per batch, kept as
 * (offset, leader epoch, payload) entries, and a model of its {@code LeaderEpochCache} with the
 * same rules (the real cache writes a checkpoint file on every change, too slow for thousands of
 * seeds, and is package-private). What is modelled, rule for rule, from the real classes:
 * <ul>
 *   <li>a leader append takes the next offset and the leader's epoch; a follower append must start
 *       at the log end offset, otherwise it is refused (OFFSET_OUT_OF_RANGE);</li>
 *   <li>an append assigns (epoch, base offset) to the epoch cache, ignoring epochs not newer than
 *       the latest, and refusing (IllegalStateException, as the real cache) a newer epoch that
 *       would start before the latest one's start;</li>
 *   <li>{@code recordLeaderEpoch} assigns the epoch at the log end offset;</li>
 *   <li>{@code truncateTo(o)} does nothing when {@code o >= LEO}; at or below the log start (0
 *       here: no retention) it empties the log and the epoch cache; otherwise it drops entries from
 *       {@code o} and epochs starting at or after the new end;</li>
 *   <li>{@code endOffsetFor(e)}: the largest epoch at most {@code e}, ending where the next epoch
 *       starts or at the log end offset; (-1, -1) when there is none.</li>
 * </ul>
 * One rule can be set to differ from the real cache ({@code dropEmptyEpochs}, see
 * {@link ReplicationSimulation.Settings#dropEmptyEpochs()}). The log survives a node's crash (everything is treated as fsynced: the simulation does not lose
 * unflushed tails). Not thread-safe: the simulation is single-threaded.
 */
final class ModelLog {

    /** One record: where it is, which leader epoch wrote it, and what it holds. */
    record Entry(long offset, int epoch, long payload) {
    }

    private final ArrayList<Entry> entries = new ArrayList<>();
    /** The work-around of a finding: an epoch recorded at the log end that got no record is dropped when another epoch's record lands there. */
    private final boolean dropEmptyEpochs;
    private final TreeMap<Integer, Long> epochStarts = new TreeMap<>();
    /** Bumped by every truncation: a checker that saw this value has seen no entry change since. */
    private int truncations;
    /** The lowest offset changed by a truncation since {@link #takeLowestChanged()} was last called. */
    private long lowestChanged = Long.MAX_VALUE;

    ModelLog(boolean dropEmptyEpochs) {
        this.dropEmptyEpochs = dropEmptyEpochs;
    }

    long logEndOffset() {
        return entries.size();
    }

    int latestEpoch() {
        return epochStarts.isEmpty() ? -1 : epochStarts.lastKey();
    }

    Entry get(long offset) {
        return offset >= 0 && offset < entries.size() ? entries.get((int) offset) : null;
    }

    int truncations() {
        return truncations;
    }

    Map<Integer, Long> epochStarts() {
        return Map.copyOf(epochStarts);
    }

    /** The lowest offset a truncation touched since the last call, or {@code Long.MAX_VALUE}. */
    long takeLowestChanged() {
        long lowest = lowestChanged;
        lowestChanged = Long.MAX_VALUE;
        return lowest;
    }

    Entry appendAsLeader(int epoch, long payload) {
        Entry entry = new Entry(entries.size(), epoch, payload);
        assign(epoch, entry.offset());
        entries.add(entry);
        return entry;
    }

    /** False (nothing appended) when the entries do not start at the log end offset. */
    boolean appendAsFollower(List<Entry> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        if (batch.get(0).offset() != entries.size()) {
            return false;
        }
        if (dropEmptyEpochs) {
            long end = entries.size();
            epochStarts.values().removeIf(start -> start >= end);
        }
        for (Entry entry : batch) {
            assign(entry.epoch(), entry.offset());
            entries.add(entry);
        }
        return true;
    }

    void recordLeaderEpoch(int epoch) {
        assign(epoch, entries.size());
    }

    void truncateTo(long offset) {
        if (offset >= entries.size()) {
            return;
        }
        truncations++;
        lowestChanged = Math.min(lowestChanged, Math.max(0, offset));
        if (offset <= 0) {
            entries.clear();
            epochStarts.clear();
            return;
        }
        entries.subList((int) offset, entries.size()).clear();
        long end = entries.size();
        epochStarts.values().removeIf(start -> start >= end);
    }

    EpochEndOffset endOffsetFor(int epoch) {
        Map.Entry<Integer, Long> floor = epochStarts.floorEntry(epoch);
        if (floor == null) {
            return new EpochEndOffset(-1, -1);
        }
        Map.Entry<Integer, Long> next = epochStarts.higherEntry(floor.getKey());
        return new EpochEndOffset(floor.getKey(), next == null ? entries.size() : next.getValue());
    }

    /** Up to {@code max} entries from {@code offset}; the caller checked {@code offset <= LEO}. */
    List<Entry> read(long offset, int max) {
        int from = (int) offset;
        return List.copyOf(entries.subList(from, Math.min(entries.size(), from + max)));
    }

    private void assign(int epoch, long start) {
        if (epoch < 0 || (!epochStarts.isEmpty() && epoch <= epochStarts.lastKey())) {
            return;
        }
        if (!epochStarts.isEmpty() && start < epochStarts.lastEntry().getValue()) {
            throw new IllegalStateException("epoch " + epoch + " cannot start at " + start + ", before epoch "
                    + epochStarts.lastKey() + " at " + epochStarts.lastEntry().getValue());
        }
        epochStarts.put(epoch, start);
    }
}
