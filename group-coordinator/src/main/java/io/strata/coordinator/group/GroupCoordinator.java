package io.strata.coordinator.group;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.coordinator.assignment.Assignor;
import io.strata.coordinator.assignment.TopicPartition;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every group this coordinator holds in memory, each a {@link GroupState} guarded by its own lock:
 * calls on different groups run in parallel, calls on one group one at a time (each is a short,
 * in-memory step, so holding the lock never waits on I/O). A group comes into being when its first
 * member joins and stays until {@link #forget} (its assignment history is kept while it is empty).
 *
 * <p>A member may heartbeat as a long poll: when it has nothing to do its answer is held until
 * it may have news ({@link HeldHeartbeats}), so it learns of a rebalance within a round trip
 * instead of at its next heartbeat interval. Wake-ups are collected under the group's lock and run
 * after it is let go, so an answer is never written while a group lock is held.
 *
 * <p>Membership is not persisted: after a restart every group starts empty and members join again
 * (their heartbeats get UNKNOWN_MEMBER_ID).
 */
public final class GroupCoordinator {

    private final GroupSettings settings;
    private final InstantSource clock;
    private final Assignor assignor = new Assignor();
    private final Supplier<String> newMemberId;
    private final Supplier<TopicCatalog> catalog;
    private final ConcurrentMap<String, GroupState> groups = new ConcurrentHashMap<>();
    /** Long-poll heartbeats by group; an entry is read and changed only under its group's lock. */
    private final ConcurrentMap<String, HeldHeartbeats> held = new ConcurrentHashMap<>();

    public GroupCoordinator(GroupSettings settings, InstantSource clock, Supplier<String> newMemberId, Supplier<TopicCatalog> catalog) {
        this.settings = settings;
        this.clock = clock;
        this.newMemberId = newMemberId;
        this.catalog = catalog;
    }

    public GroupSettings settings() {
        return settings;
    }

    public HeartbeatResult heartbeat(String groupId, MemberHeartbeat heartbeat) {
        List<Runnable> wakeUps = new ArrayList<>();
        try {
            return heartbeat(groupId, heartbeat, wakeUps, (group, result) -> result);
        } finally {
            wakeUps.forEach(Runnable::run);
        }
    }

    /** The heartbeat, then {@code then} on its result, both under the group's lock. */
    private <T> T heartbeat(String groupId, MemberHeartbeat heartbeat, List<Runnable> wakeUps,
                            BiFunction<GroupState, HeartbeatResult, T> then) {
        GroupId.check(groupId);
        boolean joining = heartbeat.memberEpoch() == MemberHeartbeat.JOIN_EPOCH;
        Optional<T> result = withGroup(groupId, joining,
                group -> then.apply(group, group.heartbeat(heartbeat, catalog.get(), clock.millis())), wakeUps);
        return result.orElseThrow(() -> new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member_id: '"
                + heartbeat.memberId() + "' is not a member of group '" + groupId
                + "' (the group has no members; the coordinator may have restarted); join again with epoch 0"));
    }

    /**
     * A long-poll heartbeat: the answer, and whether it is held. It is held when the member has
     * nothing to do (the answer keeps its epoch and what it owns); then {@code onNews} runs, off
     * the group's lock, as soon as the member may have news ({@link HeldHeartbeats}), unless
     * {@link #forgetHeld} came first. The caller answers a held heartbeat when {@code onNews} runs
     * or its wait ends, whichever is first, and then calls {@link #forgetHeld}.
     */
    public HeldAnswer heartbeat(String groupId, MemberHeartbeat heartbeat, Runnable onNews) {
        List<Runnable> wakeUps = new ArrayList<>();
        try {
            // The answer and the hold in one step under the lock: a change in between would be missed.
            return heartbeat(groupId, heartbeat, wakeUps, (group, result) -> {
                boolean settled = heartbeat.memberEpoch() > 0 && result.memberEpoch() == heartbeat.memberEpoch()
                        && result.assignment().equals(heartbeat.owned());
                if (settled) {
                    Runnable replaced = held.computeIfAbsent(groupId, id -> new HeldHeartbeats())
                            .hold(result.memberId(), onNews, group);
                    if (replaced != null) {
                        wakeUps.add(replaced);
                    }
                }
                return new HeldAnswer(result, settled);
            });
        } finally {
            wakeUps.forEach(Runnable::run);
        }
    }

    /** A heartbeat's answer and whether it is held (see {@link #heartbeat(String, MemberHeartbeat, Runnable)}). */
    public record HeldAnswer(HeartbeatResult result, boolean held) {
    }

    /** Forgets a held heartbeat that was answered or cancelled (no-op when it was let go already). */
    public void forgetHeld(String groupId, String memberId, Runnable onNews) {
        withGroup(groupId, false, group -> {
            HeldHeartbeats members = held.get(groupId);
            if (members != null) {
                members.forget(memberId, onNews);
            }
            return true;
        }, new ArrayList<>());
    }

    /** See {@link GroupState#checkCommit}; a group without state has no members. */
    public void checkCommit(String groupId, String memberId, int memberEpoch, Collection<TopicPartition> partitions) {
        GroupId.check(groupId);
        Optional<Boolean> checked = withGroup(groupId, false, group -> {
            group.checkCommit(memberId, memberEpoch, partitions);
            return true;
        });
        if (checked.isEmpty() && !memberId.isEmpty()) {
            throw new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member_id: '" + memberId
                    + "' is not a member of group '" + groupId + "' (the group has no members)");
        }
    }

    /** GROUP_NOT_EMPTY naming the group when it has members (admin changes need an empty group). */
    public void checkEmpty(String groupId, String action) {
        if (withGroup(groupId, false, GroupState::hasMembers).orElse(false)) {
            throw new StrataException(ErrorCode.GROUP_NOT_EMPTY, "group '" + groupId + "' has members: " + action
                    + " only an empty group (stop its consumers first)");
        }
    }

    /**
     * Whether the group has members and which of {@code topics} they subscribe to, read in one step
     * under the group's lock (an offset deletion keeps the offsets of subscribed topics). A group
     * without state has no members.
     */
    public Subscribers subscribers(String groupId, Collection<String> topics) {
        return withGroup(groupId, false, group -> new Subscribers(group.hasMembers(), group.subscribedAmong(topics)))
                .orElse(new Subscribers(false, Collections.emptySortedSet()));
    }

    /** What {@link #subscribers} read: whether the group has members, and the subscribed topics asked about. */
    public record Subscribers(boolean hasMembers, SortedSet<String> topics) {

        public Subscribers {
            topics = Collections.unmodifiableSortedSet(new TreeSet<>(topics));
        }
    }

    /** Forgets an empty group's in-memory state; GROUP_NOT_EMPTY when it has members. */
    public boolean forget(String groupId) {
        GroupState group = groups.get(groupId);
        if (group == null) {
            return false;
        }
        synchronized (group) {
            if (group.hasMembers()) {
                throw new StrataException(ErrorCode.GROUP_NOT_EMPTY, "group '" + groupId + "' has members");
            }
            held.remove(groupId);
            return groups.remove(groupId, group);
        }
    }

    /**
     * Whether the group has members now, and if not since when: what offset expiry asks. A group
     * this coordinator holds no state for (never joined since it started) answers {@link GroupPresence.Unknown}.
     */
    public GroupPresence presence(String groupId) {
        return withGroup(groupId, false, group -> group.emptySinceMs().isPresent()
                ? (GroupPresence) new GroupPresence.EmptySince(group.emptySinceMs().getAsLong())
                : new GroupPresence.Active()).orElseGet(GroupPresence.Unknown::new);
    }

    /** Removes a member (its REST consumer instance went away); false when it was not a member. */
    public boolean remove(String groupId, String memberId) {
        List<Runnable> wakeUps = new ArrayList<>();
        try {
            return withGroup(groupId, false, group -> group.remove(memberId, clock.millis()), wakeUps).orElse(false);
        } finally {
            wakeUps.forEach(Runnable::run);
        }
    }

    /** Removes members whose session or rebalance timeout passed, in every group; how many. */
    public int expireSessions() {
        int removed = 0;
        for (GroupState group : groups.values()) {
            List<Runnable> wakeUps = new ArrayList<>();
            synchronized (group) {
                removed += observed(group, g -> g.expire(clock.millis()), wakeUps).size();
            }
            wakeUps.forEach(Runnable::run);
        }
        return removed;
    }

    /** Hands a newer topic view to every group (deleted partitions dropped, targets recomputed). */
    public void applyCatalog(TopicCatalog next) {
        for (GroupState group : groups.values()) {
            List<Runnable> wakeUps = new ArrayList<>();
            synchronized (group) {
                observed(group, g -> {
                    g.applyCatalog(next, clock.millis());
                    return null;
                }, wakeUps);
            }
            wakeUps.forEach(Runnable::run);
        }
    }

    public Optional<GroupSnapshot> snapshot(String groupId) {
        return withGroup(groupId, false, GroupState::snapshot);
    }

    public List<GroupSnapshot> snapshots() {
        List<GroupSnapshot> snapshots = new ArrayList<>();
        for (GroupState group : groups.values()) {
            synchronized (group) {
                snapshots.add(group.snapshot());
            }
        }
        return snapshots;
    }

    /** The kept events after a sequence, and the first kept sequence; empty when the group is unknown. */
    public Optional<HistoryPage> history(String groupId, long afterSequence) {
        return withGroup(groupId, false, group -> new HistoryPage(group.history(afterSequence), group.firstKeptSequence()));
    }

    /** A page of a group's assignment history. */
    public record HistoryPage(List<AssignmentEvent> events, long firstKeptSequence) {
    }

    /**
     * Runs {@code action} under the group's lock (creating the group first when {@code create}).
     * Retries when the group was forgotten between lookup and lock, so no call lands in a group
     * that is no longer in the map.
     */
    private <T> Optional<T> withGroup(String groupId, boolean create, Function<GroupState, T> action) {
        List<Runnable> wakeUps = new ArrayList<>();
        try {
            return withGroup(groupId, create, action, wakeUps);
        } finally {
            wakeUps.forEach(Runnable::run);
        }
    }

    /** As {@link #withGroup(String, boolean, Function)}; the held heartbeats it lets go are added to {@code wakeUps}. */
    private <T> Optional<T> withGroup(String groupId, boolean create, Function<GroupState, T> action, List<Runnable> wakeUps) {
        while (true) {
            GroupState group = create
                    ? groups.computeIfAbsent(groupId, id -> new GroupState(id, settings, assignor, newMemberId))
                    : groups.get(groupId);
            if (group == null) {
                return Optional.empty();
            }
            synchronized (group) {
                if (groups.get(groupId) == group) {
                    return Optional.of(observed(group, action, wakeUps));
                }
            }
        }
    }

    /**
     * Runs {@code action} on a group whose lock the caller holds, logs the rebalance it started, if
     * any, and adds to {@code wakeUps} the held heartbeats of members that may have news now (the
     * caller runs them after letting go of the lock).
     */
    private <T> T observed(GroupState group, Function<GroupState, T> action, List<Runnable> wakeUps) {
        int before = group.groupEpoch();
        long releasesBefore = group.releases();
        T result = action.apply(group);
        if (group.groupEpoch() != before) {
            RebalanceLog.started(group.groupId(), before, group.groupEpoch(), group.memberCount());
        }
        HeldHeartbeats members = held.get(group.groupId());
        if (members != null && (group.groupEpoch() != before || group.releases() != releasesBefore)) {
            wakeUps.addAll(members.due(group));
        }
        return result;
    }
}
