package io.strata.node.replica;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A partition of a topic, and the name of its replica directory ({@code <topic>-<partition>}).
 * Topic names follow Kafka's rule (1–249 of {@code [a-zA-Z0-9._-]}, not "." or ".."), which is
 * also what makes the directory name safe and reversible: the partition follows the last dash.
 */
public record TopicPartition(String topic, int partition) {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicPartition {
        if (topic == null || !LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new StrataException(ErrorCode.INVALID_TOPIC, "topic name '" + topic
                    + "' is not valid: use 1 to 249 of a-z A-Z 0-9 . _ -, and not '.' or '..'");
        }
        if (partition < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partition must be 0 or more, got " + partition);
        }
    }

    public String dirName() {
        return topic + "-" + partition;
    }

    /** The partition a replica directory holds, or empty for a name that is not one. */
    public static Optional<TopicPartition> fromDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1))));
        } catch (NumberFormatException | StrataException notAReplica) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return dirName();
    }
}
