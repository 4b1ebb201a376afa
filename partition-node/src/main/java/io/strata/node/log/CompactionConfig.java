package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Map;
import java.util.Set;

/**
 * A topic's cleanup policy and the settings of its log cleaner, with Kafka's names and defaults.
 * Immutable.
 *
 * @param policy                 {@code cleanup.policy}: delete (default), compact or compact,delete
 * @param deleteRetentionMs      {@code delete.retention.ms}: how long a tombstone (a record with a
 *                               null value) stays after the cleaner first saw it (default one day)
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the cleaner takes a log once
 *                               this share of its cleanable bytes is not yet cleaned (default 0.5)
 * @param minCompactionLagMs     {@code min.compaction.lag.ms}: a record stays uncompacted at least
 *                               this long after its timestamp (default 0)
 * @param maxCompactionLagMs     {@code max.compaction.lag.ms}: a log whose oldest uncleaned record
 *                               is older than this is cleaned whatever its dirty ratio (default
 *                               Long.MAX_VALUE: never forced)
 */
public record CompactionConfig(CleanupPolicy policy, long deleteRetentionMs, double minCleanableDirtyRatio,
                               long minCompactionLagMs, long maxCompactionLagMs) {

    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";

    /** The topic config keys this record holds. */
    public static final Set<String> KEYS = Set.of(CleanupPolicy.KEY, DELETE_RETENTION_MS, MIN_CLEANABLE_DIRTY_RATIO,
            MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS);

    /** Kafka's defaults. */
    public static final CompactionConfig DEFAULTS = new CompactionConfig(CleanupPolicy.DELETE, 24L * 3600 * 1000, 0.5,
            0, Long.MAX_VALUE);

    public CompactionConfig {
        if (policy == null) {
            throw new IllegalArgumentException("cleanup.policy is required");
        }
        LogConfig.require(deleteRetentionMs >= 0, DELETE_RETENTION_MS, deleteRetentionMs, "0 or more");
        LogConfig.require(minCompactionLagMs >= 0, MIN_COMPACTION_LAG_MS, minCompactionLagMs, "0 or more");
        LogConfig.require(maxCompactionLagMs >= 1, MAX_COMPACTION_LAG_MS, maxCompactionLagMs, "at least 1");
        if (!(minCleanableDirtyRatio >= 0 && minCleanableDirtyRatio <= 1)) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "topic config '" + MIN_CLEANABLE_DIRTY_RATIO
                    + "' must be a number from 0 to 1, got " + minCleanableDirtyRatio);
        }
        if (minCompactionLagMs > maxCompactionLagMs) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "topic config '" + MIN_COMPACTION_LAG_MS + "' ("
                    + minCompactionLagMs + ") must not be greater than '" + MAX_COMPACTION_LAG_MS + "' ("
                    + maxCompactionLagMs + ")");
        }
    }

    /** These settings overridden by the given ones (keys of {@link #KEYS}; string values, as they travel). */
    CompactionConfig with(Map<String, String> overrides) {
        CleanupPolicy newPolicy = overrides.containsKey(CleanupPolicy.KEY)
                ? CleanupPolicy.parse(overrides.get(CleanupPolicy.KEY)) : policy;
        return new CompactionConfig(newPolicy,
                longOr(overrides, DELETE_RETENTION_MS, deleteRetentionMs),
                ratioOr(overrides, minCleanableDirtyRatio),
                longOr(overrides, MIN_COMPACTION_LAG_MS, minCompactionLagMs),
                longOr(overrides, MAX_COMPACTION_LAG_MS, maxCompactionLagMs));
    }

    private static long longOr(Map<String, String> overrides, String key, long current) {
        String value = overrides.get(key);
        return value == null ? current : LogConfig.parse(key, value);
    }

    private static double ratioOr(Map<String, String> overrides, double current) {
        String value = overrides.get(MIN_CLEANABLE_DIRTY_RATIO);
        if (value == null) {
            return current;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new StrataException(ErrorCode.INVALID_CONFIG, "topic config '" + MIN_CLEANABLE_DIRTY_RATIO
                    + "' must be a number from 0 to 1, got '" + value + "'");
        }
    }
}
