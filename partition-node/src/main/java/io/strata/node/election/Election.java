package io.strata.node.election;

import java.util.List;
import java.util.Objects;

/**
 * One change the controller asks the metadata service for: {@code leader} (or
 * {@link PartitionLeadership#NO_LEADER}) with {@code isr}, and why; or, with {@code fenced} not
 * empty ({@link Reason#FENCED}), the dead nodes to take out of the ISR of a leader that stays.
 *
 * <p>{@code leaderEpoch} and {@code partitionEpoch} are the partition's epochs as it was planned
 * from ({@link PartitionLeadership#UNKNOWN_EPOCH} when not known): the metadata service applies the
 * change only to a partition still at them, so a change sent twice is applied once.
 */
public record Election(String topic, int partition, int leader, List<Integer> isr, Reason reason, List<Integer> fenced,
                       int leaderEpoch, int partitionEpoch) {

    /** Why a partition gets a new leader. */
    public enum Reason {
        /** The leader died (or there was none) and a live ISR member takes over. */
        CLEAN,
        /** No ISR member is live; a live replica outside the ISR takes over (the topic allows it). */
        UNCLEAN,
        /** The leader died and no replica may take over: the partition stays leaderless. */
        LEADERLESS,
        /** The preferred replica is live and in the ISR again: it takes leadership back. */
        PREFERRED,
        /** The leader is live, some ISR members are dead: they leave the ISR, the leader stays at its epoch. */
        FENCED
    }

    public Election {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        isr = List.copyOf(isr);
        fenced = List.copyOf(fenced);
        if (fenced.isEmpty() != (reason != Reason.FENCED)) {
            throw new IllegalArgumentException("fenced nodes " + fenced + " go with reason FENCED only, got " + reason);
        }
    }

    /** A change planned without the partition's epochs. */
    public Election(String topic, int partition, int leader, List<Integer> isr, Reason reason, List<Integer> fenced) {
        this(topic, partition, leader, isr, reason, fenced, PartitionLeadership.UNKNOWN_EPOCH,
                PartitionLeadership.UNKNOWN_EPOCH);
    }

    /** A leader change (every reason but FENCED), planned without the partition's epochs. */
    public Election(String topic, int partition, int leader, List<Integer> isr, Reason reason) {
        this(topic, partition, leader, isr, reason, List.of());
    }

    /** This change, to be applied only to {@code planned} as it was read. */
    Election basedOn(PartitionLeadership planned) {
        return new Election(topic, partition, leader, isr, reason, fenced, planned.leaderEpoch(), planned.partitionEpoch());
    }

    /** {@code topic-partition}, for logs. */
    public String name() {
        return topic + "-" + partition;
    }
}
