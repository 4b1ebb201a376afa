package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A group's ownership events, oldest first, bounded to the latest {@code limit} (older ones are
 * dropped: memory stays bounded however long a group lives). Sequences are 1, 2, 3, … without
 * gaps, so a reader can tell when it missed events. Confined to its {@link GroupState}'s lock.
 */
final class AssignmentHistory {

    private final int limit;
    private final Deque<AssignmentEvent> events = new ArrayDeque<>();
    private long lastSequence;

    AssignmentHistory(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("history limit " + limit + " must be at least 1");
        }
        this.limit = limit;
    }

    void record(long timeMs, String memberId, int memberEpoch, TopicPartition partition, AssignmentEvent.Type type,
                AssignmentEvent.Reason reason) {
        events.addLast(new AssignmentEvent(++lastSequence, timeMs, memberId, memberEpoch, partition, type, reason));
        if (events.size() > limit) {
            events.removeFirst();
        }
    }

    /** Events with a sequence above {@code afterSequence}, oldest first. */
    List<AssignmentEvent> after(long afterSequence) {
        return events.stream().filter(event -> event.sequence() > afterSequence).toList();
    }

    /** The oldest sequence still kept; 0 when there is none. */
    long firstKeptSequence() {
        return events.isEmpty() ? 0 : events.peekFirst().sequence();
    }
}
