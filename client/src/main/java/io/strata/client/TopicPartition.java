package io.strata.client;

import java.util.Objects;

/** One partition of a topic: the unit of order, assignment and produce routing. */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, got " + partition + " (topic '" + topic + "')");
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
