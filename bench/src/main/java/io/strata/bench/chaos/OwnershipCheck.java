package io.strata.bench.chaos;

import io.strata.api.v1.AssignmentEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NoDoubleOwnership over a group's assignment history, event by event: a partition is ASSIGNED to
 * a member only while no member owns it, and only its owner is asked to revoke it (REVOKING) or
 * gives it up (REVOKED). Events are fed in sequence order as the watcher polls them; the sequence
 * must have no gap (a gap means events were not seen, which is reported, not passed over). A
 * restarted coordinator has another history: the watcher calls {@link #restart()} and the
 * replay starts over (ownership across coordinator restarts is not checked).
 *
 * <p>Pure logic; not thread-safe (one watcher thread feeds it).
 */
final class OwnershipCheck {

    private final Map<String, String> owners = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long lastSequence;
    private long events;
    private int restarts;

    void accept(AssignmentEvent event) {
        if (event.getSequence() <= lastSequence) {
            return; // seen already
        }
        if (lastSequence > 0 && event.getSequence() != lastSequence + 1) {
            violations.add("assignment events " + (lastSequence + 1) + ".." + (event.getSequence() - 1) + " were not seen");
        }
        lastSequence = event.getSequence();
        events++;
        String partition = event.getTopic() + "-" + event.getPartition();
        String owner = owners.get(partition);
        switch (event.getType()) {
            case ASSIGNMENT_EVENT_ASSIGNED -> {
                if (owner != null && !owner.equals(event.getMemberId())) {
                    violations.add(partition + " assigned to " + event.getMemberId() + " (epoch " + event.getMemberEpoch()
                            + ", event " + event.getSequence() + ") while " + owner + " owns it");
                }
                owners.put(partition, event.getMemberId());
            }
            case ASSIGNMENT_EVENT_REVOKING, ASSIGNMENT_EVENT_REVOKED -> {
                if (!event.getMemberId().equals(owner)) {
                    violations.add(partition + " " + event.getType() + " by " + event.getMemberId() + " (event "
                            + event.getSequence() + ") but its owner is " + owner);
                }
                if (event.getType() == io.strata.api.v1.AssignmentEventType.ASSIGNMENT_EVENT_REVOKED) {
                    owners.remove(partition);
                }
            }
            default -> violations.add("event " + event.getSequence() + " has no type");
        }
    }

    /** The coordinator restarted (its history is another one now): the replay starts over. */
    void restart() {
        owners.clear();
        lastSequence = 0;
        restarts++;
    }

    /** Resets the expected sequence without clearing owners (the history was first read mid-way). */
    void startAt(long firstKeptSequence) {
        if (lastSequence == 0 && firstKeptSequence > 1) {
            lastSequence = firstKeptSequence - 1;
        }
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long events() {
        return events;
    }

    int restarts() {
        return restarts;
    }
}
