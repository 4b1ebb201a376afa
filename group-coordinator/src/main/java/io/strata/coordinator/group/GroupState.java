package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.coordinator.assignment.Assignor;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.group.AssignmentEvent.Reason;
import io.strata.coordinator.group.AssignmentEvent.Type;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One consumer group's membership and assignment, moved forward by heartbeats, by the passing of
 * time ({@link #expire}) and by metadata changes ({@link #applyCatalog}); time is always passed in,
 * so the same calls give the same state.
 *
 * <p>How a rebalance runs (Kafka's KIP-848): a change of membership, of a subscription or of a
 * subscribed topic's partition count bumps the <em>group epoch</em> and recomputes the
 * <em>target assignment</em> ({@link Assignor}) at that epoch. Each member then catches up on its
 * own heartbeats:
 * <ol>
 *   <li>partitions it holds that the target gives to others are taken out of its assignment and
 *       become <em>pending revocation</em>; its epoch moves to the target's epoch;</li>
 *   <li>a pending partition is <em>released</em> when a heartbeat of the member no longer lists it
 *       as owned, or when the member is removed (left, session or rebalance timeout);</li>
 *   <li>once nothing is pending, the member is handed the partitions of its target that no member
 *       owns any more; those still owned by another member come in a later heartbeat.</li>
 * </ol>
 * A member whose target keeps all it holds only sees its epoch move: it is never asked to revoke.
 *
 * <p>Members learn of a rebalance only from their own heartbeats, so each answer tells the member
 * when to come back: a member whose assignment is not yet its target (it has partitions to give
 * up, or partitions to receive once others give them up) is asked back after the short reconcile
 * interval, a settled one after the heartbeat interval. A joining member so receives the partitions
 * others release within a fraction of a second instead of a whole heartbeat interval later.
 *
 * <p>Invariants, checked after every change ({@link #checkInvariants}; a violation is a bug and
 * throws): <b>NoDoubleOwnership</b> — every partition is owned (assigned or pending revocation) by at
 * most one member, and {@code owners} says which; a member's assigned and pending sets are
 * disjoint; every member's epoch is at most the assignment epoch, which is at most the group epoch.
 *
 * <p>Not thread-safe: the caller ({@link GroupCoordinator}) holds the group's lock around every call.
 */
public final class GroupState {

    private final String groupId;
    private final GroupSettings settings;
    private final Assignor assignor;
    private final Supplier<String> newMemberId;
    private final SortedMap<String, Member> members = new TreeMap<>();
    /** Partition → the member that owns it (assigned or pending revocation). */
    private final Map<TopicPartition, String> owners = new HashMap<>();
    private final AssignmentHistory history;
    private SortedMap<String, SortedSet<TopicPartition>> target = Collections.emptySortedMap();
    /** The partition counts of the subscribed topics the target was computed from. */
    private SortedMap<String, Integer> targetCounts = new TreeMap<>();
    private TopicCatalog catalog = TopicCatalog.UNKNOWN;
    private int groupEpoch;
    private int assignmentEpoch;
    /**
     * Counts partitions given up by their owner (released, or their owner removed): a member
     * waiting for partitions others held may have news each time it moves.
     */
    private long releases;
    /** When the last member left; meaningful only while {@code members} is empty. */
    private long emptySinceMs;

    public GroupState(String groupId, GroupSettings settings, Assignor assignor, Supplier<String> newMemberId) {
        this.groupId = groupId;
        this.settings = settings;
        this.assignor = assignor;
        this.newMemberId = newMemberId;
        this.history = new AssignmentHistory(settings.historyLimit());
    }

    public String groupId() {
        return groupId;
    }

    /** Joins, stays, reconciles or leaves, as the heartbeat's epoch says. */
    public HeartbeatResult heartbeat(MemberHeartbeat heartbeat, TopicCatalog currentCatalog, long nowMs) {
        applyCatalog(currentCatalog, nowMs);
        int epoch = heartbeat.memberEpoch();
        HeartbeatResult result;
        if (epoch == MemberHeartbeat.JOIN_EPOCH) {
            result = answer(join(heartbeat, nowMs));
        } else if (epoch == MemberHeartbeat.LEAVE_EPOCH) {
            result = leave(heartbeat, nowMs);
        } else if (epoch == MemberHeartbeat.STATIC_LEAVE_EPOCH) {
            result = leaveTemporarily(heartbeat, nowMs);
        } else if (epoch > 0) {
            result = answer(stay(heartbeat, nowMs));
        } else {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "member_epoch: " + epoch
                    + " is none of 0 (join), −1 (leave), −2 (static leave) or a positive member epoch");
        }
        checkInvariants();
        return result;
    }

    /** Removes members whose session or rebalance timeout passed; their ids. */
    public List<String> expire(long nowMs) {
        List<String> removed = new ArrayList<>();
        for (Member member : new ArrayList<>(members.values())) {
            if (nowMs >= member.sessionDeadlineMs()) {
                removeMember(member.memberId(), Reason.SESSION_TIMEOUT, nowMs);
                removed.add(member.memberId());
            } else if (member.revocationDeadlineMs() >= 0 && nowMs >= member.revocationDeadlineMs()) {
                removeMember(member.memberId(), Reason.REBALANCE_TIMEOUT, nowMs);
                removed.add(member.memberId());
            }
        }
        if (!removed.isEmpty()) {
            bumpGroupEpoch();
            checkInvariants();
        }
        return removed;
    }

    /** Removes one member (its consumer instance was deleted or expired); false when it is not a member. */
    public boolean remove(String memberId, long nowMs) {
        if (!members.containsKey(memberId)) {
            return false;
        }
        removeMember(memberId, Reason.LEFT, nowMs);
        bumpGroupEpoch();
        checkInvariants();
        return true;
    }

    /**
     * Takes in a newer view of the topics: drops ownership of partitions that no longer exist and
     * recomputes the target when a subscribed topic appeared, vanished or changed its partition count.
     */
    public void applyCatalog(TopicCatalog next, long nowMs) {
        if (next.known() == catalog.known() && next.version() == catalog.version()) {
            return;
        }
        catalog = next;
        if (!next.known()) {
            return;
        }
        dropVanishedPartitions(nowMs);
        if (!subscribedCounts().equals(targetCounts)) {
            bumpGroupEpoch();
        }
        checkInvariants();
    }

    /**
     * Refuses a commit that does not come from a current member at its current epoch (a zombie
     * or a member that missed a rebalance), or a member-less commit while the group has members.
     *
     * <p>One exception, as Kafka's KIP-1251 makes: a commit at the member's <em>previous</em> epoch
     * is accepted when the member still owns every partition it commits. A heartbeat that moves
     * the member's epoch can be answered while a commit the member sent with the older epoch is
     * in flight; refusing it would fail the application's commit in every rebalance. It cannot
     * overwrite another member's progress: partitions it still owns have had no other owner since
     * that epoch, because losing a partition takes an epoch bump of its own and regaining it another.
     */
    public void checkCommit(String memberId, int memberEpoch, Collection<TopicPartition> partitions) {
        if (memberId.isEmpty()) {
            if (!members.isEmpty()) {
                throw new StrataException(ErrorCode.GROUP_NOT_EMPTY, "group '" + groupId + "' has " + members.size()
                        + " members: a commit without member_id is allowed only while the group has none");
            }
            return;
        }
        Member member = members.get(memberId);
        if (member == null) {
            throw new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member_id: '" + memberId
                    + "' is not a member of group '" + groupId + "'");
        }
        if (member.state() == MemberState.DEPARTED
                || (memberEpoch != member.memberEpoch() && !sentBeforeTheLastBump(member, memberEpoch, partitions))) {
            throw new StrataException(ErrorCode.FENCED_MEMBER_EPOCH, "member_epoch: " + memberEpoch + " is not member '"
                    + memberId + "''s current epoch " + member.memberEpoch() + " in group '" + groupId + "'");
        }
    }

    private static boolean sentBeforeTheLastBump(Member member, int memberEpoch, Collection<TopicPartition> partitions) {
        return memberEpoch == member.previousEpoch() && member.owned().containsAll(partitions);
    }

    public boolean hasMembers() {
        return !members.isEmpty();
    }

    /** The topics among {@code topics} that some member's subscription takes (a departed static member's too). */
    public SortedSet<String> subscribedAmong(Collection<String> topics) {
        SortedSet<String> subscribed = new TreeSet<>();
        for (Member member : members.values()) {
            topics.stream().filter(member.subscription()::includes).forEach(subscribed::add);
        }
        return subscribed;
    }

    /** An immutable view for describe and tests. */
    public GroupSnapshot snapshot() {
        return new GroupSnapshot(groupId, state(), groupEpoch, assignmentEpoch, List.copyOf(members.values()),
                target, Map.copyOf(owners));
    }

    /** Assignment events with a sequence above {@code afterSequence}, oldest first. */
    public List<AssignmentEvent> history(long afterSequence) {
        return history.after(afterSequence);
    }

    public long firstKeptSequence() {
        return history.firstKeptSequence();
    }

    /** Bumped by every rebalance (see the class comment). */
    public int groupEpoch() {
        return groupEpoch;
    }

    /** How many partitions have lost their owner so far (see {@code releases}). */
    public long releases() {
        return releases;
    }

    /** The member's reconciliation state; empty when it is not a member. */
    public Optional<MemberState> memberState(String memberId) {
        return Optional.ofNullable(members.get(memberId)).map(Member::state);
    }

    public int memberCount() {
        return members.size();
    }

    /** Since when the group has had no member (its last one left then); empty while it has members. */
    public OptionalLong emptySinceMs() {
        return members.isEmpty() ? OptionalLong.of(emptySinceMs) : OptionalLong.empty();
    }

    /** The group's state as DescribeGroups shows it. */
    public GroupSnapshot.State state() {
        if (members.isEmpty()) {
            return GroupSnapshot.State.EMPTY;
        }
        boolean stable = members.values().stream().allMatch(member -> member.pendingRevocation().isEmpty()
                && member.memberEpoch() == assignmentEpoch
                && member.assigned().equals(targetOf(member.memberId())));
        return stable ? GroupSnapshot.State.STABLE : GroupSnapshot.State.RECONCILING;
    }

    // ---------------------------------------------------------------------------------------------
    // Membership

    private Member join(MemberHeartbeat heartbeat, long nowMs) {
        Subscription subscription = heartbeat.subscription().orElseThrow(() -> new StrataException(
                ErrorCode.INVALID_REQUEST, "subscription: required when joining (member_epoch 0)"));
        int rebalanceTimeoutMs = heartbeat.rebalanceTimeoutMs() > 0 ? heartbeat.rebalanceTimeoutMs()
                : settings.defaultRebalanceTimeoutMs();
        Optional<Member> sameInstance = heartbeat.instanceId().flatMap(this::memberWithInstance);
        if (!heartbeat.memberId().isEmpty() && members.containsKey(heartbeat.memberId())
                && sameInstance.map(m -> !m.memberId().equals(heartbeat.memberId())).orElse(true)) {
            // Joining again under its id (epoch 0) means the member gave up everything it had.
            removeMember(heartbeat.memberId(), Reason.FENCED, nowMs);
            bumpGroupEpoch();
        }
        String memberId = heartbeat.memberId().isEmpty() ? newMemberId.get() : heartbeat.memberId();
        Member member;
        if (sameInstance.isPresent() && members.containsKey(sameInstance.get().memberId())) {
            member = replace(sameInstance.get(), memberId, nowMs)
                    .withHeartbeat(nowMs, nowMs + settings.sessionTimeoutMs(), subscription, rebalanceTimeoutMs);
            members.put(memberId, member);
            if (!subscription.equals(sameInstance.get().subscription())) {
                bumpGroupEpoch();
            }
        } else {
            member = Member.joining(memberId, heartbeat.instanceId(), subscription, rebalanceTimeoutMs, nowMs,
                    nowMs + settings.sessionTimeoutMs());
            members.put(memberId, member);
            bumpGroupEpoch();
        }
        // A member that just joined owns nothing, whatever it says.
        return reconcile(members.get(memberId), Collections.emptySortedSet(), nowMs);
    }

    /**
     * A new instance of a static member takes the old one's place: the old member id is gone, the
     * partitions it was assigned pass to the new id (which owns nothing yet, so what the old one
     * still had pending is released).
     */
    private Member replace(Member old, String memberId, long nowMs) {
        members.remove(old.memberId());
        for (TopicPartition partition : old.owned()) {
            disown(partition);
            history.record(nowMs, old.memberId(), old.memberEpoch(), partition, Type.REVOKED, Reason.REPLACED);
        }
        for (TopicPartition partition : old.assigned()) {
            owners.put(partition, memberId);
            history.record(nowMs, memberId, old.memberEpoch(), partition, Type.ASSIGNED, null);
        }
        SortedSet<TopicPartition> oldTarget = target.get(old.memberId());
        if (oldTarget != null) {
            SortedMap<String, SortedSet<TopicPartition>> renamed = new TreeMap<>(target);
            renamed.remove(old.memberId());
            renamed.put(memberId, oldTarget);
            target = Collections.unmodifiableSortedMap(renamed);
        }
        return new Member(memberId, old.instanceId(), old.memberEpoch(), old.previousEpoch(), MemberState.STABLE,
                old.subscription(), old.rebalanceTimeoutMs(), old.assigned(), new TreeSet<>(), nowMs,
                old.sessionDeadlineMs(), -1);
    }

    private Member stay(MemberHeartbeat heartbeat, long nowMs) {
        Member member = existing(heartbeat.memberId());
        if (member.state() == MemberState.DEPARTED) {
            throw new StrataException(ErrorCode.FENCED_MEMBER_EPOCH, "member '" + member.memberId() + "' left group '"
                    + groupId + "' with epoch −2; join again with epoch 0");
        }
        checkEpoch(member, heartbeat);
        Subscription subscription = heartbeat.subscription().orElse(member.subscription());
        int rebalanceTimeoutMs = heartbeat.rebalanceTimeoutMs() > 0 ? heartbeat.rebalanceTimeoutMs()
                : member.rebalanceTimeoutMs();
        members.put(member.memberId(), member.withHeartbeat(nowMs, nowMs + settings.sessionTimeoutMs(), subscription,
                rebalanceTimeoutMs));
        if (!subscription.equals(member.subscription())) {
            bumpGroupEpoch();
        }
        return reconcile(members.get(member.memberId()), heartbeat.owned(), nowMs);
    }

    /**
     * Accepts the member's current epoch, or its previous one when it owns nothing it should not
     * (the answer that bumped its epoch was lost, and it retries).
     */
    private void checkEpoch(Member member, MemberHeartbeat heartbeat) {
        int epoch = heartbeat.memberEpoch();
        boolean retryAfterLostAnswer = epoch == member.previousEpoch() && member.owned().containsAll(heartbeat.owned());
        if (epoch != member.memberEpoch() && !retryAfterLostAnswer) {
            throw new StrataException(ErrorCode.FENCED_MEMBER_EPOCH, "member_epoch: " + epoch + " is not member '"
                    + member.memberId() + "''s current epoch " + member.memberEpoch() + " in group '" + groupId
                    + "'; give up all partitions and join again with epoch 0");
        }
    }

    private HeartbeatResult leave(MemberHeartbeat heartbeat, long nowMs) {
        Member member = existing(heartbeat.memberId());
        removeMember(member.memberId(), Reason.LEFT, nowMs);
        bumpGroupEpoch();
        return new HeartbeatResult(member.memberId(), MemberHeartbeat.LEAVE_EPOCH, new TreeSet<>(),
                settings.heartbeatIntervalMs(), settings.sessionTimeoutMs());
    }

    /**
     * A static member shuts down for a while: what it was assigned stays reserved for it until its
     * session ends; what it was asked to revoke is released (it consumes nothing any more).
     */
    private HeartbeatResult leaveTemporarily(MemberHeartbeat heartbeat, long nowMs) {
        Member member = existing(heartbeat.memberId());
        if (member.instanceId().isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "member_epoch: −2 (static leave) is for members with a "
                    + "group_instance_id; member '" + member.memberId() + "' has none");
        }
        member = release(member, member.pendingRevocation(), Reason.LEFT, nowMs)
                .withHeartbeat(nowMs, nowMs + settings.sessionTimeoutMs(), member.subscription(), member.rebalanceTimeoutMs())
                .withState(MemberState.DEPARTED);
        members.put(member.memberId(), member);
        return new HeartbeatResult(member.memberId(), MemberHeartbeat.STATIC_LEAVE_EPOCH, new TreeSet<>(),
                settings.heartbeatIntervalMs(), settings.sessionTimeoutMs());
    }

    private Member existing(String memberId) {
        Member member = members.get(memberId);
        if (member == null) {
            throw new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member_id: '" + memberId + "' is not a member of group '"
                    + groupId + "' (removed after its session timed out, or the coordinator restarted); join again with epoch 0");
        }
        return member;
    }

    private Optional<Member> memberWithInstance(String instanceId) {
        return members.values().stream().filter(member -> member.instanceId().equals(Optional.of(instanceId))).findFirst();
    }

    private void removeMember(String memberId, Reason reason, long nowMs) {
        Member member = members.remove(memberId);
        if (members.isEmpty()) {
            emptySinceMs = nowMs;
        }
        for (TopicPartition partition : member.owned()) {
            disown(partition);
            history.record(nowMs, memberId, member.memberEpoch(), partition, Type.REVOKED, reason);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reconciliation

    /** Moves the member one step towards its target; stores and returns it. */
    private Member reconcile(Member member, SortedSet<TopicPartition> owned, long nowMs) {
        member = releaseAcknowledged(member, owned, nowMs);
        if (member.pendingRevocation().isEmpty()) {
            SortedSet<TopicPartition> memberTarget = targetOf(member.memberId());
            if (member.memberEpoch() != assignmentEpoch) {
                member = moveToTargetEpoch(member, memberTarget, owned, nowMs);
            }
            if (member.pendingRevocation().isEmpty()) {
                member = grantReleased(member, memberTarget, nowMs);
                member = member.withState(member.assigned().equals(memberTarget)
                        ? MemberState.STABLE : MemberState.UNRELEASED_PARTITIONS);
            }
        }
        if (!member.pendingRevocation().isEmpty()) {
            member = member.withState(MemberState.UNREVOKED_PARTITIONS);
        }
        members.put(member.memberId(), member);
        return member;
    }

    /**
     * The member's epoch becomes the target's; what it holds outside its target is taken out of its
     * assignment and waits for its release (at once for partitions it does not list as owned).
     */
    private Member moveToTargetEpoch(Member member, SortedSet<TopicPartition> memberTarget,
                                     SortedSet<TopicPartition> owned, long nowMs) {
        member = member.withEpoch(assignmentEpoch);
        SortedSet<TopicPartition> revoke = new TreeSet<>(member.assigned());
        revoke.removeAll(memberTarget);
        if (revoke.isEmpty()) {
            return member;
        }
        SortedSet<TopicPartition> keep = new TreeSet<>(member.assigned());
        keep.retainAll(memberTarget);
        member = member.withPartitions(keep, revoke, nowMs + member.rebalanceTimeoutMs());
        for (TopicPartition partition : revoke) {
            history.record(nowMs, member.memberId(), member.memberEpoch(), partition, Type.REVOKING, null);
        }
        return releaseAcknowledged(member, owned, nowMs);
    }

    /** Releases the pending partitions the member no longer lists as owned. */
    private Member releaseAcknowledged(Member member, SortedSet<TopicPartition> owned, long nowMs) {
        SortedSet<TopicPartition> released = new TreeSet<>(member.pendingRevocation());
        released.removeAll(owned);
        return release(member, released, Reason.ACKNOWLEDGED, nowMs);
    }

    private Member release(Member member, SortedSet<TopicPartition> released, Reason reason, long nowMs) {
        if (released.isEmpty()) {
            return member;
        }
        for (TopicPartition partition : released) {
            disown(partition);
            history.record(nowMs, member.memberId(), member.memberEpoch(), partition, Type.REVOKED, reason);
        }
        SortedSet<TopicPartition> pending = new TreeSet<>(member.pendingRevocation());
        pending.removeAll(released);
        return member.withPartitions(member.assigned(), pending, pending.isEmpty() ? -1 : member.revocationDeadlineMs());
    }

    /** Hands the member the partitions of its target that nobody owns any more. */
    private Member grantReleased(Member member, SortedSet<TopicPartition> memberTarget, long nowMs) {
        SortedSet<TopicPartition> assigned = new TreeSet<>(member.assigned());
        for (TopicPartition partition : memberTarget) {
            if (!assigned.contains(partition) && !owners.containsKey(partition)) {
                owners.put(partition, member.memberId());
                assigned.add(partition);
                history.record(nowMs, member.memberId(), member.memberEpoch(), partition, Type.ASSIGNED, null);
            }
        }
        return assigned.size() == member.assigned().size() ? member
                : member.withPartitions(assigned, member.pendingRevocation(), member.revocationDeadlineMs());
    }

    private SortedSet<TopicPartition> targetOf(String memberId) {
        return target.getOrDefault(memberId, Collections.emptySortedSet());
    }

    // ---------------------------------------------------------------------------------------------
    // Target assignment

    private void disown(TopicPartition partition) {
        owners.remove(partition);
        releases++;
    }

    private void bumpGroupEpoch() {
        groupEpoch++;
        Map<String, Set<String>> subscriptions = new TreeMap<>();
        members.values().forEach(member -> subscriptions.put(member.memberId(),
                member.subscription().resolve(catalog.partitionCounts().keySet())));
        targetCounts = subscribedCounts();
        target = assignor.assign(subscriptions, targetCounts, target);
        assignmentEpoch = groupEpoch;
    }

    /** Partition counts of the topics some member subscribes to, from the current catalog. */
    private SortedMap<String, Integer> subscribedCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (Member member : members.values()) {
            for (String topic : member.subscription().resolve(catalog.partitionCounts().keySet())) {
                counts.put(topic, catalog.partitionCount(topic));
            }
        }
        return counts;
    }

    private void dropVanishedPartitions(long nowMs) {
        for (Member member : new ArrayList<>(members.values())) {
            SortedSet<TopicPartition> vanished = new TreeSet<>();
            member.owned().stream().filter(p -> p.partition() >= catalog.partitionCount(p.topic())).forEach(vanished::add);
            if (vanished.isEmpty()) {
                continue;
            }
            SortedSet<TopicPartition> assigned = new TreeSet<>(member.assigned());
            assigned.removeAll(vanished);
            SortedSet<TopicPartition> pending = new TreeSet<>(member.pendingRevocation());
            pending.removeAll(vanished);
            for (TopicPartition partition : vanished) {
                disown(partition);
                history.record(nowMs, member.memberId(), member.memberEpoch(), partition, Type.REVOKED, Reason.TOPIC_DELETED);
            }
            members.put(member.memberId(), member.withPartitions(assigned, pending,
                    pending.isEmpty() ? -1 : member.revocationDeadlineMs()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Answers and invariants

    private HeartbeatResult answer(Member member) {
        boolean settled = member.pendingRevocation().isEmpty() && member.assigned().equals(targetOf(member.memberId()));
        return new HeartbeatResult(member.memberId(), member.memberEpoch(), member.assigned(),
                settled ? settings.heartbeatIntervalMs() : settings.reconcileIntervalMs(), settings.sessionTimeoutMs());
    }

    /** Throws IllegalStateException naming the broken invariant: a bug, never a user error. */
    public void checkInvariants() {
        Map<TopicPartition, String> seen = new HashMap<>();
        for (Member member : members.values()) {
            for (TopicPartition partition : member.pendingRevocation()) {
                if (member.assigned().contains(partition)) {
                    throw violation("member " + member.memberId() + " has " + partition + " both assigned and pending revocation");
                }
            }
            for (TopicPartition partition : member.owned()) {
                String other = seen.put(partition, member.memberId());
                if (other != null) {
                    throw violation("NoDoubleOwnership: " + partition + " is owned by " + other + " and " + member.memberId());
                }
                if (!member.memberId().equals(owners.get(partition))) {
                    throw violation(partition + " is owned by " + member.memberId() + " but recorded for " + owners.get(partition));
                }
            }
            if (member.memberEpoch() > assignmentEpoch) {
                throw violation("member " + member.memberId() + " is at epoch " + member.memberEpoch()
                        + ", past the assignment epoch " + assignmentEpoch);
            }
        }
        if (seen.size() != owners.size()) {
            throw violation("owners records " + owners.size() + " partitions, the members own " + seen.size());
        }
        if (assignmentEpoch > groupEpoch) {
            throw violation("assignment epoch " + assignmentEpoch + " is past the group epoch " + groupEpoch);
        }
    }

    private IllegalStateException violation(String what) {
        return new IllegalStateException("group '" + groupId + "': invariant violated: " + what);
    }
}
