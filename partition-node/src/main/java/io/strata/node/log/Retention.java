package io.strata.node.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which of a log's oldest segments time and size retention delete: closed ones only (never the
 * last, active segment), wholly below the high watermark, while the oldest is past
 * {@code retention.ms} (by its largest record timestamp, or its creation when it has none) or the
 * log is larger than {@code retention.bytes} without it. Nothing when {@code cleanup.policy} does
 * not include {@code delete}. Stateless.
 */
final class Retention {

    private Retention() {
    }

    /** The segments to delete, oldest first, from {@code segments} (in offset order, the last one active). */
    static List<Segment> expired(Collection<Segment> segments, LogConfig config, long nowMs, long totalBytes,
                                 long highWatermark) {
        if (!config.deletes() || segments.isEmpty()) {
            return List.of();
        }
        long remainingBytes = totalBytes;
        List<Segment> expired = new ArrayList<>();
        List<Segment> all = List.copyOf(segments);
        Segment active = all.get(all.size() - 1);
        for (Segment segment : all) {
            if (segment == active || segment.nextOffset() > highWatermark) {
                break;
            }
            long newest = segment.maxTimestamp() >= 0 ? segment.maxTimestamp() : segment.createdMs();
            boolean tooOld = config.retentionMs() >= 0 && nowMs - newest > config.retentionMs();
            boolean tooBig = config.retentionBytes() >= 0 && remainingBytes - segment.size() >= config.retentionBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            expired.add(segment);
            remainingBytes -= segment.size();
        }
        return expired;
    }
}
