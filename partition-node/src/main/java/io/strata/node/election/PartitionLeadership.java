package io.strata.node.election;

import java.util.List;
import java.util.Objects;

/**
 * One partition's leadership as the controller last read it from the metadata: an immutable copy,
 * safe to hand between threads.
 *
 * @param topic          the topic name
 * @param partition      the partition index
 * @param replicas       the replicas in preference order (the first is the preferred leader)
 * @param leader         the leading node, or {@link #NO_LEADER}
 * @param isr            the in-sync replicas, a subset of {@code replicas}
 * @param uncleanAllowed the topic's {@code unclean.leader.election.enable}
 * @param leaderEpoch    the leader epoch read, or {@link #UNKNOWN_EPOCH}
 * @param partitionEpoch the partition epoch read (bumped by every change), or {@link #UNKNOWN_EPOCH}
 */
public record PartitionLeadership(String topic, int partition, List<Integer> replicas, int leader, List<Integer> isr,
                                  boolean uncleanAllowed, int leaderEpoch, int partitionEpoch) {

    /** The leader of a partition that has none. */
    public static final int NO_LEADER = -1;

    /** An epoch not known: an election planned from it is applied to whatever state the partition is in. */
    public static final int UNKNOWN_EPOCH = -1;

    public PartitionLeadership {
        Objects.requireNonNull(topic, "topic");
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** Without its epochs (tests and models that do not exercise the compare-and-set). */
    public PartitionLeadership(String topic, int partition, List<Integer> replicas, int leader, List<Integer> isr,
                               boolean uncleanAllowed) {
        this(topic, partition, replicas, leader, isr, uncleanAllowed, UNKNOWN_EPOCH, UNKNOWN_EPOCH);
    }

    /** {@code topic-partition}, for logs. */
    public String name() {
        return topic + "-" + partition;
    }

    /** The first replica: the one that should lead when it can. */
    public int preferred() {
        return replicas.isEmpty() ? NO_LEADER : replicas.get(0);
    }
}
