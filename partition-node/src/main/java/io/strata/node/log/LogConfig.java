package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-partition settings of a log, with Kafka's names and defaults. Immutable; a config
 * change makes a new instance that the log picks up for its next roll, retention or flush decision.
 *
 * @param segmentBytes       roll the active segment before it would grow past this size
 * @param segmentMs          roll the active segment once it is this old (and not empty)
 * @param retentionMs        delete closed segments whose largest timestamp is older; -1 keeps all
 * @param retentionBytes     delete the oldest closed segments while the log is larger; -1 keeps all
 * @param maxMessageBytes    the largest record batch an append may carry
 * @param flushMessages      fsync after this many appended records; Long.MAX_VALUE leaves it to the OS
 * @param flushMs            fsync when this long has passed since the last fsync; Long.MAX_VALUE never
 * @param indexIntervalBytes log bytes between two sparse index entries
 * @param segmentIndexBytes  the largest an offset index may grow before the segment rolls
 * @param messageTimestampBeforeMaxMs a leader refuses a CreateTime record stamped more than this
 *                           before its clock (Kafka 4.x default Long.MAX_VALUE: no bound)
 * @param messageTimestampAfterMaxMs a leader refuses a CreateTime record stamped more than this
 *                           after its clock (Kafka 4.x default one hour, KIP-1030)
 * @param maxDecompressedBatchBytes not a topic config but the node's
 *                           {@code strata.node.max-decompressed-batch-bytes}: the most bytes a
 *                           leader decompresses to check one compressed batch's records
 * @param compaction         {@code cleanup.policy} and the settings of the log cleaner
 */
public record LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes,
                        int maxMessageBytes, long flushMessages, long flushMs, int indexIntervalBytes,
                        int segmentIndexBytes, long messageTimestampBeforeMaxMs, long messageTimestampAfterMaxMs,
                        long maxDecompressedBatchBytes, CompactionConfig compaction) {

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "message.timestamp.before.max.ms";
    public static final String MESSAGE_TIMESTAMP_AFTER_MAX_MS = "message.timestamp.after.max.ms";

    /** The default of {@code strata.node.max-decompressed-batch-bytes}: 64 MiB. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES = 64L * 1024 * 1024;

    /** Keys the metadata service knows but that the log itself does not act on. */
    private static final Set<String> PASSED_THROUGH = Set.of("min.insync.replicas", "unclean.leader.election.enable",
            // Kafka's reassignment-tool lists: kept by the metadata service, the log does not act on them.
            "leader.replication.throttled.replicas", "follower.replication.throttled.replicas");

    /**
     * Kafka's (4.x) defaults: 1 GiB segments rolled weekly, 7 days retention, no forced fsync,
     * record timestamps at most one hour ahead of the leader's clock and unbounded behind it.
     */
    public static final LogConfig DEFAULTS = new LogConfig(1 << 30, 7L * 24 * 3600 * 1000,
            7L * 24 * 3600 * 1000, -1, 1024 * 1024 + 12, Long.MAX_VALUE, Long.MAX_VALUE, 4096, 10 * 1024 * 1024,
            Long.MAX_VALUE, 3600 * 1000L, DEFAULT_MAX_DECOMPRESSED_BATCH_BYTES, CompactionConfig.DEFAULTS);

    public LogConfig {
        require(segmentBytes >= 1024, SEGMENT_BYTES, segmentBytes, "at least 1024");
        require(segmentMs >= 1, SEGMENT_MS, segmentMs, "at least 1");
        require(retentionMs >= -1, RETENTION_MS, retentionMs, "-1 or more");
        require(retentionBytes >= -1, RETENTION_BYTES, retentionBytes, "-1 or more");
        require(maxMessageBytes >= 64, MAX_MESSAGE_BYTES, maxMessageBytes, "at least 64");
        require(flushMessages >= 1, FLUSH_MESSAGES, flushMessages, "at least 1");
        require(flushMs >= 0, FLUSH_MS, flushMs, "0 or more");
        require(indexIntervalBytes >= 0, INDEX_INTERVAL_BYTES, indexIntervalBytes, "0 or more");
        require(segmentIndexBytes >= 64, SEGMENT_INDEX_BYTES, segmentIndexBytes, "at least 64");
        require(messageTimestampBeforeMaxMs >= 0, MESSAGE_TIMESTAMP_BEFORE_MAX_MS, messageTimestampBeforeMaxMs, "0 or more");
        require(messageTimestampAfterMaxMs >= 0, MESSAGE_TIMESTAMP_AFTER_MAX_MS, messageTimestampAfterMaxMs, "0 or more");
        if (maxDecompressedBatchBytes < 1024 || maxDecompressedBatchBytes > Integer.MAX_VALUE) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "strata.node.max-decompressed-batch-bytes must be 1024 to "
                    + Integer.MAX_VALUE + ", got " + maxDecompressedBatchBytes);
        }
        if (compaction == null) {
            throw new IllegalArgumentException("compaction settings are required");
        }
    }

    /** Whether time and size retention delete segments: {@code cleanup.policy} contains {@code delete}. */
    public boolean deletes() {
        return compaction.policy().deletes();
    }

    /** Whether the log cleaner keeps only the newest record per key: {@code cleanup.policy} contains {@code compact}. */
    public boolean compacts() {
        return compaction.policy().compacts();
    }

    /** Whether {@link #with} takes this topic config key (the log acts on it, or passes it through). */
    public static boolean knows(String key) {
        return DEFAULTS.asMap().containsKey(key) || CompactionConfig.KEYS.contains(key) || PASSED_THROUGH.contains(key);
    }

    /** These settings with the node's bound on decompressed batch bytes. */
    public LogConfig withMaxDecompressedBatchBytes(long bytes) {
        return new LogConfig(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes, flushMessages,
                flushMs, indexIntervalBytes, segmentIndexBytes, messageTimestampBeforeMaxMs, messageTimestampAfterMaxMs,
                bytes, compaction);
    }

    /**
     * These defaults overridden by the topic configs given (string values, as they travel).
     * Unknown keys and values of the wrong type or range are refused with INVALID_CONFIG naming them.
     */
    public LogConfig with(Map<String, String> overrides) {
        Map<String, Long> values = new LinkedHashMap<>(asMap());
        Map<String, String> compactionOverrides = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (values.containsKey(key)) {
                values.put(key, parse(key, value));
            } else if (CompactionConfig.KEYS.contains(key)) {
                compactionOverrides.put(key, value);
            } else if (!PASSED_THROUGH.contains(key)) {
                throw new StrataException(ErrorCode.INVALID_CONFIG, "unknown topic config '" + key + "'");
            }
        });
        return new LogConfig(toInt(values, SEGMENT_BYTES), values.get(SEGMENT_MS), values.get(RETENTION_MS),
                values.get(RETENTION_BYTES), toInt(values, MAX_MESSAGE_BYTES), values.get(FLUSH_MESSAGES),
                values.get(FLUSH_MS), toInt(values, INDEX_INTERVAL_BYTES), toInt(values, SEGMENT_INDEX_BYTES),
                values.get(MESSAGE_TIMESTAMP_BEFORE_MAX_MS), values.get(MESSAGE_TIMESTAMP_AFTER_MAX_MS),
                maxDecompressedBatchBytes, compaction.with(compactionOverrides));
    }

    /** The topic settings by their Kafka names (the node-wide decompression bound is not one). */
    public Map<String, Long> asMap() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put(SEGMENT_BYTES, (long) segmentBytes);
        values.put(SEGMENT_MS, segmentMs);
        values.put(RETENTION_MS, retentionMs);
        values.put(RETENTION_BYTES, retentionBytes);
        values.put(MAX_MESSAGE_BYTES, (long) maxMessageBytes);
        values.put(FLUSH_MESSAGES, flushMessages);
        values.put(FLUSH_MS, flushMs);
        values.put(INDEX_INTERVAL_BYTES, (long) indexIntervalBytes);
        values.put(SEGMENT_INDEX_BYTES, (long) segmentIndexBytes);
        values.put(MESSAGE_TIMESTAMP_BEFORE_MAX_MS, messageTimestampBeforeMaxMs);
        values.put(MESSAGE_TIMESTAMP_AFTER_MAX_MS, messageTimestampAfterMaxMs);
        return values;
    }

    static long parse(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StrataException(ErrorCode.INVALID_CONFIG,
                    "topic config '" + key + "' must be an integer, got '" + value + "'");
        }
    }

    private static int toInt(Map<String, Long> values, String key) {
        long value = values.get(key);
        require(value <= Integer.MAX_VALUE, key, value, "at most " + Integer.MAX_VALUE);
        return (int) value;
    }

    static void require(boolean valid, String key, long value, String expected) {
        if (!valid) {
            throw new StrataException(ErrorCode.INVALID_CONFIG,
                    "topic config '" + key + "' must be " + expected + ", got " + value);
        }
    }
}
