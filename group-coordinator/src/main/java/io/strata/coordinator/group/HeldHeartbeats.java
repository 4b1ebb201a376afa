package io.strata.coordinator.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The long-poll heartbeats of one group: answers held back from members that had nothing to do,
 * each to be let go as soon as its member may have news.
 *
 * <p>A held answer is the member's own answer, computed when its heartbeat arrived; holding it
 * changes nothing in the group. Letting it go only wakes its caller, which runs the same heartbeat
 * again and answers with that (the gRPC service's long poll), exactly as if the member had sent it
 * again at once. So a held answer that is lost (the member cancelled its call to send another
 * heartbeat) loses nothing, and one let go for nothing is held again.
 *
 * <p>When a member has news: its answer depends on its epoch, its target and on which partitions of
 * its target others still own. The first two move only with the group epoch; the last whenever a
 * partition is given up ({@link GroupState#releases()}). So every held member is let go when the
 * group epoch moves; on a release only those still waiting for partitions
 * ({@link MemberState#UNRELEASED_PARTITIONS}), and those no longer members. A settled member
 * ({@link MemberState#STABLE}) cannot gain anything from a release without an epoch bump.
 *
 * <p>Not thread-safe: {@link GroupCoordinator} calls it under the group's lock only, and runs the
 * wake-ups it returns after letting go of the lock.
 */
final class HeldHeartbeats {

    private record Held(Runnable wake, int groupEpoch, long releases) {
    }

    private final Map<String, Held> byMember = new HashMap<>();

    /**
     * Holds a member's answer; the member's previous held answer, if any, is let go (it sent a new
     * heartbeat, so the old call is gone or going).
     *
     * @return the wake-up of the replaced answer, or null
     */
    Runnable hold(String memberId, Runnable wake, GroupState group) {
        Held replaced = byMember.put(memberId, new Held(wake, group.groupEpoch(), group.releases()));
        return replaced == null ? null : replaced.wake();
    }

    /** Forgets a held answer that was answered or cancelled; only this very one. */
    void forget(String memberId, Runnable wake) {
        Held held = byMember.get(memberId);
        if (held != null && held.wake() == wake) {
            byMember.remove(memberId);
        }
    }

    /** Takes out and returns the wake-ups of the members that may have news now. */
    List<Runnable> due(GroupState group) {
        List<Runnable> due = new ArrayList<>();
        for (Iterator<Map.Entry<String, Held>> it = byMember.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Held> entry = it.next();
            Held held = entry.getValue();
            boolean news = held.groupEpoch() != group.groupEpoch()
                    || (held.releases() != group.releases()
                    && group.memberState(entry.getKey()).map(state -> state != MemberState.STABLE).orElse(true));
            if (news) {
                due.add(held.wake());
                it.remove();
            }
        }
        return due;
    }

    boolean isEmpty() {
        return byMember.isEmpty();
    }
}
