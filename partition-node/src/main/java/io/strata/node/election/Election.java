package io.strata.node.election;

import java.util.List;
import java.util.Objects;

/**
 * One leader change the controller asks the metadata service for: {@code leader} (or
 * {@link PartitionLeadership#NO_LEADER}) with {@code isr}, and why.
 */
public record Election(String topic, int partition, int leader, List<Integer> isr, Reason reason) {

    /** Why a partition gets a new leader. */
    public enum Reason {
        /** The leader died (or there was none) and a live ISR member takes over. */
        CLEAN,
        /** No ISR member is live; a live replica outside the ISR takes over (the topic allows it). */
        UNCLEAN,
        /** The leader died and no replica may take over: the partition stays leaderless. */
        LEADERLESS,
        /** The preferred replica is live and in the ISR again: it takes leadership back. */
        PREFERRED
    }

    public Election {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        isr = List.copyOf(isr);
    }

    /** {@code topic-partition}, for logs. */
    public String name() {
        return topic + "-" + partition;
    }
}
