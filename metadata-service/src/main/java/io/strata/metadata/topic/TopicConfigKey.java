package io.strata.metadata.topic;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The topic configs Strata knows, with Kafka's names, types and defaults. Ranges are Kafka's,
 * except where the partition node needs more (segment.bytes ≥ 1024, max.message.bytes ≥ 64: its
 * log refuses smaller values). A value is checked when it is set, so a stored value is always valid.
 */
public enum TopicConfigKey {

    RETENTION_MS("retention.ms", Type.LONG, -1, Long.MAX_VALUE, "604800000",
            "Delete closed segments whose newest record is older than this (ms); -1 keeps them forever."),
    RETENTION_BYTES("retention.bytes", Type.LONG, -1, Long.MAX_VALUE, "-1",
            "Delete the oldest closed segments while a partition is larger than this (bytes); -1 for no limit."),
    SEGMENT_BYTES("segment.bytes", Type.INT, 1024, Integer.MAX_VALUE, "1073741824",
            "Roll the active segment before it grows past this size (bytes)."),
    SEGMENT_MS("segment.ms", Type.LONG, 1, Long.MAX_VALUE, "604800000",
            "Roll the active segment once it is this old (ms)."),
    CLEANUP_POLICY("cleanup.policy", Type.ENUM, 0, 0, "delete",
            "delete: drop old segments by retention; compact: keep the last record of each key (retention"
                    + " does not delete); compact,delete: both."),
    DELETE_RETENTION_MS("delete.retention.ms", Type.LONG, 0, Long.MAX_VALUE, "86400000",
            "How long a tombstone (null value) of a compacted topic stays after the cleaner first saw it (ms)."),
    MIN_CLEANABLE_DIRTY_RATIO("min.cleanable.dirty.ratio", Type.DOUBLE, 0, 1, "0.5",
            "The share of a compacted partition's cleanable bytes not yet cleaned at which the cleaner takes it."),
    MIN_COMPACTION_LAG_MS("min.compaction.lag.ms", Type.LONG, 0, Long.MAX_VALUE, "0",
            "A record of a compacted topic stays uncompacted at least this long after its timestamp (ms)."),
    MAX_COMPACTION_LAG_MS("max.compaction.lag.ms", Type.LONG, 1, Long.MAX_VALUE, "9223372036854775807",
            "A compacted partition whose oldest uncleaned record is older than this is cleaned whatever its dirty"
                    + " ratio (ms)."),
    MIN_INSYNC_REPLICAS("min.insync.replicas", Type.INT, 1, Integer.MAX_VALUE, "1",
            "The fewest in-sync replicas with which an acks=all append succeeds."),
    MAX_MESSAGE_BYTES("max.message.bytes", Type.INT, 64, Integer.MAX_VALUE, "1048588",
            "The largest record batch an append may carry (bytes)."),
    FLUSH_MESSAGES("flush.messages", Type.LONG, 1, Long.MAX_VALUE, "9223372036854775807",
            "fsync after this many records; the default leaves flushing to the OS."),
    FLUSH_MS("flush.ms", Type.LONG, 0, Long.MAX_VALUE, "9223372036854775807",
            "fsync when this long has passed since the last fsync (ms); the default never forces one."),
    MESSAGE_TIMESTAMP_BEFORE_MAX_MS("message.timestamp.before.max.ms", Type.LONG, 0, Long.MAX_VALUE, "9223372036854775807",
            "A leader refuses (INVALID_TIMESTAMP) a CreateTime record stamped more than this before its clock (ms)."),
    MESSAGE_TIMESTAMP_AFTER_MAX_MS("message.timestamp.after.max.ms", Type.LONG, 0, Long.MAX_VALUE, "3600000",
            "A leader refuses (INVALID_TIMESTAMP) a CreateTime record stamped more than this after its clock (ms);"
                    + " Kafka 4.x's default, one hour."),
    UNCLEAN_LEADER_ELECTION_ENABLE("unclean.leader.election.enable", Type.BOOLEAN, 0, 0, "false",
            "Whether a replica outside the ISR may become leader when no ISR member is live (may lose data)."),
    LEADER_REPLICATION_THROTTLED_REPLICAS("leader.replication.throttled.replicas", Type.LIST, 0, 0, "",
            "The replicas whose leader-side replication Kafka throttles (kafka-reassign-partitions.sh sets and clears"
                    + " it). Kept and described; Strata throttles a reassignment where the data arrives, every replica"
                    + " being added, whatever this lists."),
    FOLLOWER_REPLICATION_THROTTLED_REPLICAS("follower.replication.throttled.replicas", Type.LIST, 0, 0, "",
            "The replicas whose follower-side replication Kafka throttles (kafka-reassign-partitions.sh sets and clears"
                    + " it). Kept and described; Strata throttles every replica being added by a reassignment until it"
                    + " is in sync, at its node's follower.replication.throttled.rate, whatever this lists.");

    /** How a value is written and checked. */
    public enum Type { LONG, INT, BOOLEAN, ENUM, DOUBLE, LIST }

    private static final List<String> CLEANUP_POLICIES = List.of("delete", "compact", "compact,delete");
    private static final Map<String, TopicConfigKey> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(TopicConfigKey::configName, Function.identity()));

    private final String configName;
    private final Type type;
    private final long min;
    private final long max;
    private final String kafkaDefault;
    private final String documentation;

    TopicConfigKey(String configName, Type type, long min, long max, String kafkaDefault, String documentation) {
        this.configName = configName;
        this.type = type;
        this.min = min;
        this.max = max;
        this.kafkaDefault = kafkaDefault;
        this.documentation = documentation;
    }

    public static Optional<TopicConfigKey> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The key of this name, or INVALID_CONFIG naming it. */
    public static TopicConfigKey require(String name) {
        return byName(name).orElseThrow(() -> new StrataException(ErrorCode.INVALID_CONFIG,
                "configs: unknown config key '" + name + "'; known keys are " + BY_NAME.keySet().stream().sorted().toList()));
    }

    public String configName() {
        return configName;
    }

    public Type type() {
        return type;
    }

    public String kafkaDefault() {
        return kafkaDefault;
    }

    /** What the setting does, with its allowed values. */
    public String documentation() {
        return switch (type) {
            case LONG, INT -> documentation + " Range " + min + " … " + max + ".";
            case BOOLEAN -> documentation + " true or false.";
            case ENUM -> documentation + " One of " + CLEANUP_POLICIES + ".";
            case DOUBLE -> documentation + " A number from " + min + " to " + max + ".";
            case LIST -> documentation + " Empty, * (every replica), or partition:node pairs separated by commas.";
        };
    }

    /**
     * The value in canonical form (trimmed; numbers without leading zeros or '+'; booleans and
     * policies lower-case), or INVALID_CONFIG naming the key, the value and what is allowed.
     */
    public String canonical(String value) {
        String text = value == null ? "" : value.trim();
        return switch (type) {
            case LONG, INT -> Long.toString(parseInRange(text));
            case BOOLEAN -> parseBoolean(text);
            case ENUM -> parsePolicy(text);
            case DOUBLE -> parseRatio(text);
            case LIST -> parseReplicaList(text);
        };
    }

    /** Kafka's throttled-replicas list: empty, {@code *}, or {@code partition:node} pairs (both ≥ 0), comma-separated. */
    private String parseReplicaList(String text) {
        if (text.isEmpty() || text.equals("*")) {
            return text;
        }
        List<String> pairs = Arrays.stream(text.split(",", -1)).map(String::trim).toList();
        for (String pair : pairs) {
            if (!pair.matches("\\d{1,9}:\\d{1,9}")) {
                throw refuse(text, "is not empty, * or partition:node pairs separated by commas ('" + pair + "' is not one)");
            }
        }
        return String.join(",", pairs);
    }

    private long parseInRange(String text) {
        long parsed;
        try {
            parsed = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw refuse(text, "is not " + (type == Type.INT ? "an integer" : "a long integer"));
        }
        if (parsed < min || parsed > max) {
            throw refuse(text, "is out of range " + min + " … " + max);
        }
        return parsed;
    }

    private String parseBoolean(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw refuse(text, "is not true or false");
        }
        return lower;
    }

    /** {@code delete}, {@code compact} or both (Kafka accepts a list; canonical order compact,delete). */
    private String parsePolicy(String text) {
        List<String> parts = Arrays.stream(text.toLowerCase(Locale.ROOT).split(",", -1)).map(String::trim).toList();
        boolean known = parts.stream().allMatch(part -> part.equals("delete") || part.equals("compact"));
        if (!known || parts.stream().distinct().count() != parts.size()) {
            throw refuse(text, "is not one of " + CLEANUP_POLICIES);
        }
        return parts.size() == 2 ? "compact,delete" : parts.get(0);
    }

    private String parseRatio(String text) {
        double parsed;
        try {
            parsed = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw refuse(text, "is not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw refuse(text, "is out of range " + min + " … " + max);
        }
        return Double.toString(parsed);
    }

    private StrataException refuse(String value, String why) {
        return new StrataException(ErrorCode.INVALID_CONFIG, "configs: value '" + value + "' of '" + configName + "' " + why);
    }
}
