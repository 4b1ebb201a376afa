package io.strata.node.compaction;

import java.time.Duration;

/**
 * The node-wide settings of the log cleaner ({@code strata.node.cleaner.*}), as plain values so
 * that the cleaner needs no framework.
 *
 * @param dedupeBufferBytes       the offset map's memory bound for one cleaning (Kafka's
 *                                {@code log.cleaner.dedupe.buffer.size})
 * @param ioMaxBytesPerSecond     bytes read plus written per second, at most (Kafka's
 *                                {@code log.cleaner.io.max.bytes.per.second})
 * @param readBufferBytes         how much of a segment is read at once (whole batches, at least one)
 * @param backoff                 the wait when no log needs cleaning (Kafka's {@code log.cleaner.backoff.ms})
 */
public record CleanerSettings(long dedupeBufferBytes, long ioMaxBytesPerSecond, int readBufferBytes, Duration backoff) {

    public CleanerSettings {
        if (dedupeBufferBytes < OffsetMap.ENTRY_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("strata.node.cleaner.dedupe-buffer-bytes must be at least "
                    + OffsetMap.ENTRY_OVERHEAD_BYTES + ", got " + dedupeBufferBytes);
        }
        if (ioMaxBytesPerSecond < 1) {
            throw new IllegalArgumentException("strata.node.cleaner.io-max-bytes-per-second must be at least 1, got "
                    + ioMaxBytesPerSecond);
        }
        if (readBufferBytes < 1024) {
            throw new IllegalArgumentException("strata.node.cleaner.read-buffer-bytes must be at least 1024, got "
                    + readBufferBytes);
        }
        if (backoff == null || backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("strata.node.cleaner.backoff must be positive, got " + backoff);
        }
    }
}
