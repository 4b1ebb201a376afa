package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

/**
 * One change of a partition's ownership in a group, numbered in the order it happened.
 *
 * @param sequence 1, 2, 3, … within a group, without gaps
 * @param reason   why a REVOKED happened ({@link Reason}); null for the other types
 */
public record AssignmentEvent(long sequence, long timeMs, String memberId, int memberEpoch, TopicPartition partition,
                              Type type, Reason reason) {

    public enum Type {
        /** Added to the member's assignment: the member owns it from now on. */
        ASSIGNED,
        /** Taken out of the member's assignment; the member still owns it until it releases it. */
        REVOKING,
        /** The member's ownership ended. */
        REVOKED
    }

    /** Why a member's ownership of a partition ended. */
    public enum Reason {
        ACKNOWLEDGED("acknowledged"),
        LEFT("left"),
        SESSION_TIMEOUT("session-timeout"),
        REBALANCE_TIMEOUT("rebalance-timeout"),
        REPLACED("replaced"),
        FENCED("fenced"),
        TOPIC_DELETED("topic-deleted");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
