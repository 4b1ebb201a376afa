package io.strata.node.compaction;

import io.strata.node.log.CompactionConfig;
import io.strata.node.log.LogCleaning;

import java.util.ArrayList;
import java.util.List;

/**
 * One log as the cleaner weighs it: its cleanable segments (closed, below the high watermark and
 * the recovery point — see {@link LogCleaning} — and older than {@code min.compaction.lag.ms} by
 * their largest timestamp), split at the first dirty offset into the clean part (cleaned before)
 * and the dirty part, and the dirty ratio: dirty bytes / all cleanable bytes, as Kafka's.
 *
 * @param name            the partition, for logs and metrics
 * @param segments        the cleanable segments, oldest first
 * @param firstDirtyOffset offsets below it were cleaned before
 * @param cleanBytes      bytes of the segments wholly below the first dirty offset
 * @param dirtyBytes      bytes of the others
 * @param forced          whether {@code max.compaction.lag.ms} has passed for the oldest dirty segment
 * @param tombstonesDue   whether a tombstone in the clean part has reached its delete horizon
 *                        (then the log is cleaned even without dirty bytes, as Kafka's cleaner does)
 */
public record CleaningCandidate(String name, List<LogCleaning.SegmentInfo> segments, long firstDirtyOffset,
                                long cleanBytes, long dirtyBytes, boolean forced, boolean tombstonesDue) {

    /** Weighs a log's cleanable segments; {@code nowMs} is the cleaner's clock. */
    public static CleaningCandidate of(String name, List<LogCleaning.SegmentInfo> cleanable, long firstDirtyOffset,
                                       CompactionConfig config, long nowMs) {
        return of(name, cleanable, firstDirtyOffset, Long.MAX_VALUE, config, nowMs);
    }

    /** As {@link #of(String, List, long, CompactionConfig, long)}, knowing when the next kept tombstone expires. */
    public static CleaningCandidate of(String name, List<LogCleaning.SegmentInfo> cleanable, long firstDirtyOffset,
                                       long nextDeleteHorizonMs, CompactionConfig config, long nowMs) {
        List<LogCleaning.SegmentInfo> segments = new ArrayList<>();
        long clean = 0;
        long dirty = 0;
        boolean forced = false;
        for (LogCleaning.SegmentInfo segment : cleanable) {
            if (segment.maxTimestamp() >= 0 && nowMs - segment.maxTimestamp() < config.minCompactionLagMs()) {
                break;
            }
            segments.add(segment);
            if (segment.nextOffset() <= firstDirtyOffset) {
                clean += segment.sizeInBytes();
            } else {
                if (dirty == 0 && segment.maxTimestamp() >= 0) {
                    forced = nowMs - segment.maxTimestamp() > config.maxCompactionLagMs();
                }
                dirty += segment.sizeInBytes();
            }
        }
        return new CleaningCandidate(name, List.copyOf(segments), firstDirtyOffset, clean, dirty, forced,
                clean > 0 && nextDeleteHorizonMs <= nowMs);
    }

    /** Dirty bytes over all cleanable bytes; 0 when there are none. */
    public double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /**
     * Whether the cleaner should take this log: it has dirty bytes, and enough of them or for long
     * enough; or a kept tombstone's horizon has passed.
     */
    public boolean due(CompactionConfig config) {
        return dirtyBytes > 0 && (forced || dirtyRatio() >= config.minCleanableDirtyRatio()) || tombstonesDue;
    }
}
