package io.strata.node.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which leader epoch wrote which stretch of a log: a list of (epoch, start offset), kept in
 * {@code leader-epoch-checkpoint} beside the segments, one {@code "<epoch> <start offset>"} line
 * each, replaced atomically (temporary file, fsync, rename) whenever it changes, which is once per
 * leader change, not per append.
 *
 * <p>Invariants: epochs and start offsets both strictly increase along the list; every start
 * offset is below the log end offset (an entry whose stretch was truncated away is dropped); the
 * first entry's start offset is at most the log start offset's batch; an entry is in memory only
 * once it is in the file (a failed write, e.g. on a full disk, leaves both without it).
 *
 * <p>A follower asks its new leader for the end of its last epoch ({@link #endOffsetFor}) and
 * truncates whatever it holds beyond that: the tail a deposed leader wrote that the new leader
 * never had.
 *
 * <p>Not thread-safe: owned by the log, used under its write lock (reads of the end offset take
 * the monitor, as they come from request threads).
 */
final class LeaderEpochCache {

    /** No epoch: the log has no batch, or the asked epoch precedes every epoch here. */
    static final int UNDEFINED_EPOCH = -1;

    private final Path file;
    private final TreeMap<Integer, Long> startOffsets = new TreeMap<>();

    private LeaderEpochCache(Path file) {
        this.file = file;
    }

    static LeaderEpochCache open(Path dir) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(dir.resolve("leader-epoch-checkpoint"));
        if (Files.exists(cache.file)) {
            for (String line : Files.readAllLines(cache.file, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 2) {
                    cache.startOffsets.put(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                }
            }
        }
        return cache;
    }

    /**
     * Records that {@code epoch} starts writing at {@code startOffset}; older or equal epochs
     * change nothing, except that newer epochs recorded at or after {@code startOffset} are
     * dropped first: a record of an older epoch written there proves they wrote nothing (a leader
     * that took an epoch and was deposed before its first append, whose follower truncation then
     * had nothing to cut). Kept, such an empty epoch would claim the older epoch's records, and a
     * later follower of this log would truncate committed records (the replication simulation's
     * seed 7292).
     */
    synchronized void assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0) {
            return;
        }
        if (!startOffsets.isEmpty() && epoch < startOffsets.lastKey()) {
            dropEmptyEpochsAfter(epoch, startOffset);
        }
        if (!startOffsets.isEmpty() && epoch <= startOffsets.lastKey()) {
            return;
        }
        if (!startOffsets.isEmpty() && startOffset < startOffsets.lastEntry().getValue()) {
            throw new IllegalStateException("epoch " + epoch + " cannot start at " + startOffset
                    + ", before epoch " + startOffsets.lastKey() + " at " + startOffsets.lastEntry().getValue());
        }
        startOffsets.put(epoch, startOffset);
        try {
            write();
        } catch (IOException e) {
            // Kept only in memory, the epoch would be skipped by the retry of the same append
            // (an equal epoch changes nothing) and never reach the file.
            startOffsets.remove(epoch);
            throw e;
        }
    }

    private void dropEmptyEpochsAfter(int epoch, long startOffset) throws IOException {
        Map<Integer, Long> empty = new TreeMap<>(startOffsets.tailMap(epoch, false));
        empty.values().removeIf(start -> start < startOffset);
        if (empty.isEmpty()) {
            return;
        }
        startOffsets.keySet().removeAll(empty.keySet());
        try {
            write();
        } catch (IOException e) {
            startOffsets.putAll(empty);
            throw e;
        }
    }

    /** The newest epoch that wrote to this log, or {@link #UNDEFINED_EPOCH}. */
    synchronized int latestEpoch() {
        return startOffsets.isEmpty() ? UNDEFINED_EPOCH : startOffsets.lastKey();
    }

    /**
     * Where {@code epoch} ends in this log, as Kafka's OffsetsForLeaderEpoch answers it: the
     * largest epoch at most {@code epoch}, and the start offset of the epoch after it (or the log
     * end offset when it is the latest). A follower truncates to that offset.
     */
    synchronized EpochEndOffset endOffsetFor(int epoch, long logEndOffset) {
        Map.Entry<Integer, Long> floor = startOffsets.floorEntry(epoch);
        if (floor == null) {
            return new EpochEndOffset(UNDEFINED_EPOCH, -1);
        }
        Map.Entry<Integer, Long> next = startOffsets.higherEntry(floor.getKey());
        return new EpochEndOffset(floor.getKey(), next == null ? logEndOffset : next.getValue());
    }

    /** Drops the epochs that start at or after {@code offset}, after the log was truncated there. */
    synchronized void truncateFromEnd(long offset) throws IOException {
        if (startOffsets.values().removeIf(start -> start >= offset)) {
            write();
        }
    }

    /** After retention moved the log start: entries wholly below it go, the one covering it starts there. */
    synchronized void truncateFromStart(long logStartOffset) throws IOException {
        Map.Entry<Integer, Long> covering = null;
        for (Map.Entry<Integer, Long> entry : startOffsets.entrySet()) {
            if (entry.getValue() <= logStartOffset) {
                covering = entry;
            }
        }
        if (covering == null || (covering.getKey().equals(startOffsets.firstKey()) && covering.getValue() == logStartOffset)) {
            return;
        }
        startOffsets.headMap(covering.getKey()).clear();
        startOffsets.put(covering.getKey(), logStartOffset);
        write();
    }

    /** The entries, oldest first (for tests and diagnostics). */
    synchronized Map<Integer, Long> entries() {
        return Map.copyOf(startOffsets);
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder();
        startOffsets.forEach((epoch, start) -> text.append(epoch).append(' ').append(start).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        try (var channel = java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
