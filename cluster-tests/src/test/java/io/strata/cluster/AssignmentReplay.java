package io.strata.cluster;

import io.strata.api.v1.AssignmentEvent;
import io.strata.api.v1.AssignmentEventType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A group's {@code AssignmentHistory} (of a group consuming one topic) replayed in order, checking
 * <b>NoDoubleOwnership</b> at every event: a partition is ASSIGNED to a member only while no member
 * owns it, and only its owner is asked to revoke it (REVOKING) or gives it up (REVOKED). The
 * sequence must start at 1 and have no gap, or the check would pass over events it never saw.
 * Afterwards it answers what happened within a window of sequences (after, until]: which partitions
 * changed owner, which were revoked, when the last one was handed over.
 */
final class AssignmentReplay {

    private final List<AssignmentEvent> events;

    private AssignmentReplay(List<AssignmentEvent> events) {
        this.events = List.copyOf(events);
    }

    /** Replays {@code events} (the whole history, oldest first); fails on the first violation. */
    static AssignmentReplay of(List<AssignmentEvent> events) {
        AssignmentReplay replay = new AssignmentReplay(events);
        replay.ownersAfter(Long.MAX_VALUE);
        return replay;
    }

    /** The sequence of the last event; 0 when there is none. */
    long lastSequence() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).getSequence();
    }

    /** Partition → owning member id after every event up to {@code sequence}, checking each event. */
    Map<Integer, String> ownersAfter(long sequence) {
        Map<Integer, String> owners = new HashMap<>();
        long expected = 1;
        String topic = null;
        for (AssignmentEvent event : events) {
            if (event.getSequence() > sequence) {
                break;
            }
            check(event.getSequence() == expected, event, "sequence " + expected + " was expected (a gap, or events dropped)");
            check(topic == null || topic.equals(event.getTopic()), event, "one topic was expected, " + topic);
            topic = event.getTopic();
            apply(owners, event);
            expected++;
        }
        return owners;
    }

    private static void apply(Map<Integer, String> owners, AssignmentEvent event) {
        String owner = owners.get(event.getPartition());
        if (event.getType() == AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED) {
            check(owner == null, event, "NoDoubleOwnership: the partition is still owned by " + owner);
            owners.put(event.getPartition(), event.getMemberId());
        } else {
            check(event.getMemberId().equals(owner), event, "only its owner (" + owner + ") can be revoked");
            if (event.getType() == AssignmentEventType.ASSIGNMENT_EVENT_REVOKED) {
                owners.remove(event.getPartition());
            }
        }
    }

    /** The partitions whose owner after {@code until} is not their owner after {@code after}. */
    Set<Integer> moved(long after, long until) {
        Map<Integer, String> before = ownersAfter(after);
        Map<Integer, String> now = ownersAfter(until);
        Set<Integer> partitions = new TreeSet<>(before.keySet());
        partitions.addAll(now.keySet());
        partitions.removeIf(p -> Objects.equals(before.get(p), now.get(p)));
        return partitions;
    }

    /** The partitions that got a REVOKING or REVOKED event in the window. */
    Set<Integer> touchedByRevocation(long after, long until) {
        return window(after, until).stream().filter(e -> e.getType() != AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED)
                .map(AssignmentEvent::getPartition).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The REVOKED events of the window: each one partition that a member gave up or lost. */
    List<AssignmentEvent> revoked(long after, long until) {
        return window(after, until).stream().filter(e -> e.getType() == AssignmentEventType.ASSIGNMENT_EVENT_REVOKED).toList();
    }

    /** The coordinator's time (epoch ms) of the window's first REVOKING or REVOKED event: when the rebalance reached an owner. */
    long firstRevocationMs(long after, long until) {
        return window(after, until).stream().filter(e -> e.getType() != AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED)
                .mapToLong(AssignmentEvent::getTimeMs).min()
                .orElseThrow(() -> new AssertionError("no partition was revoked in (" + after + ", " + until + "]"));
    }

    /** The coordinator's time (epoch ms) of the window's last ASSIGNED event: when the last partition was handed over. */
    long lastAssignedMs(long after, long until) {
        return window(after, until).stream().filter(e -> e.getType() == AssignmentEventType.ASSIGNMENT_EVENT_ASSIGNED)
                .mapToLong(AssignmentEvent::getTimeMs).max()
                .orElseThrow(() -> new AssertionError("no partition was assigned in (" + after + ", " + until + "]"));
    }

    private List<AssignmentEvent> window(long after, long until) {
        return events.stream().filter(e -> e.getSequence() > after && e.getSequence() <= until).toList();
    }

    private static void check(boolean condition, AssignmentEvent event, String violation) {
        if (!condition) {
            throw new AssertionError("assignment history, event " + event.getSequence() + " (" + event.getType() + " of "
                    + event.getTopic() + "-" + event.getPartition() + ", member " + event.getMemberId() + " at epoch "
                    + event.getMemberEpoch() + "): " + violation);
        }
    }
}
