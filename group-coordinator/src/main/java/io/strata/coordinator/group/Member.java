package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One member of a group as the coordinator sees it: an immutable snapshot, replaced as a whole by
 * {@link GroupState} on every change.
 *
 * <p>{@code assigned} is what the member was last told it may own; {@code pendingRevocation} is
 * what it was asked to give up and still owns. The two are disjoint, and together they are every
 * partition the coordinator counts as owned by this member.
 *
 * @param previousEpoch        the epoch before the last bump: a heartbeat carrying it is a retry after
 *                             a lost answer and is accepted when it owns nothing unexpected
 * @param sessionDeadlineMs    removed when no heartbeat arrives by then
 * @param revocationDeadlineMs removed when pending revocations are still owned by then; −1 when none
 */
public record Member(String memberId, Optional<String> instanceId, int memberEpoch, int previousEpoch,
                     MemberState state, Subscription subscription, int rebalanceTimeoutMs,
                     SortedSet<TopicPartition> assigned, SortedSet<TopicPartition> pendingRevocation,
                     long lastHeartbeatMs, long sessionDeadlineMs, long revocationDeadlineMs) {

    public Member {
        assigned = Collections.unmodifiableSortedSet(new TreeSet<>(assigned));
        pendingRevocation = Collections.unmodifiableSortedSet(new TreeSet<>(pendingRevocation));
    }

    /** A member that just joined: epoch 0, owns nothing. */
    static Member joining(String memberId, Optional<String> instanceId, Subscription subscription,
                          int rebalanceTimeoutMs, long nowMs, long sessionDeadlineMs) {
        return new Member(memberId, instanceId, 0, 0, MemberState.STABLE, subscription, rebalanceTimeoutMs,
                new TreeSet<>(), new TreeSet<>(), nowMs, sessionDeadlineMs, -1);
    }

    /** Every partition counted as owned by this member: assigned and pending revocation. */
    public SortedSet<TopicPartition> owned() {
        SortedSet<TopicPartition> owned = new TreeSet<>(assigned);
        owned.addAll(pendingRevocation);
        return owned;
    }

    Member withEpoch(int epoch) {
        return epoch == memberEpoch ? this : new Member(memberId, instanceId, epoch, memberEpoch, state, subscription,
                rebalanceTimeoutMs, assigned, pendingRevocation, lastHeartbeatMs, sessionDeadlineMs, revocationDeadlineMs);
    }

    Member withState(MemberState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("member " + memberId + " cannot move from " + state + " to " + next);
        }
        return new Member(memberId, instanceId, memberEpoch, previousEpoch, next, subscription, rebalanceTimeoutMs,
                assigned, pendingRevocation, lastHeartbeatMs, sessionDeadlineMs, revocationDeadlineMs);
    }

    Member withPartitions(SortedSet<TopicPartition> nextAssigned, SortedSet<TopicPartition> nextPending,
                          long nextRevocationDeadlineMs) {
        return new Member(memberId, instanceId, memberEpoch, previousEpoch, state, subscription, rebalanceTimeoutMs,
                nextAssigned, nextPending, lastHeartbeatMs, sessionDeadlineMs, nextRevocationDeadlineMs);
    }

    Member withHeartbeat(long nowMs, long nextSessionDeadlineMs, Subscription nextSubscription, int nextRebalanceTimeoutMs) {
        return new Member(memberId, instanceId, memberEpoch, previousEpoch, state, nextSubscription, nextRebalanceTimeoutMs,
                assigned, pendingRevocation, nowMs, nextSessionDeadlineMs, revocationDeadlineMs);
    }

    /** The same member under another id (a static member replaced by a new instance). */
    Member renamed(String newMemberId) {
        return new Member(newMemberId, instanceId, memberEpoch, previousEpoch, state, subscription, rebalanceTimeoutMs,
                assigned, pendingRevocation, lastHeartbeatMs, sessionDeadlineMs, revocationDeadlineMs);
    }
}
