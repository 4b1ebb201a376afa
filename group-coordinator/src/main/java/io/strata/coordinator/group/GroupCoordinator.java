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
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every group this coordinator holds in memory, each a {@link GroupState} guarded by its own lock:
 * calls on different groups run in parallel, calls on one group one at a time (each is a short,
 * in-memory step, so holding the lock never waits on I/O). A group comes into being when its first
 * member joins and stays until {@link #forget} (its assignment history is kept while it is empty).
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
        GroupId.check(groupId);
        boolean joining = heartbeat.memberEpoch() == MemberHeartbeat.JOIN_EPOCH;
        Optional<HeartbeatResult> result = withGroup(groupId, joining,
                group -> group.heartbeat(heartbeat, catalog.get(), clock.millis()));
        return result.orElseThrow(() -> new StrataException(ErrorCode.UNKNOWN_MEMBER_ID, "member_id: '"
                + heartbeat.memberId() + "' is not a member of group '" + groupId
                + "' (the group has no members; the coordinator may have restarted); join again with epoch 0"));
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
        return withGroup(groupId, false, group -> group.remove(memberId, clock.millis())).orElse(false);
    }

    /** Removes members whose session or rebalance timeout passed, in every group; how many. */
    public int expireSessions() {
        int removed = 0;
        for (GroupState group : groups.values()) {
            synchronized (group) {
                removed += observed(group, g -> g.expire(clock.millis())).size();
            }
        }
        return removed;
    }

    /** Hands a newer topic view to every group (deleted partitions dropped, targets recomputed). */
    public void applyCatalog(TopicCatalog next) {
        for (GroupState group : groups.values()) {
            synchronized (group) {
                observed(group, g -> {
                    g.applyCatalog(next, clock.millis());
                    return null;
                });
            }
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
        while (true) {
            GroupState group = create
                    ? groups.computeIfAbsent(groupId, id -> new GroupState(id, settings, assignor, newMemberId))
                    : groups.get(groupId);
            if (group == null) {
                return Optional.empty();
            }
            synchronized (group) {
                if (groups.get(groupId) == group) {
                    return Optional.of(observed(group, action));
                }
            }
        }
    }

    /** Runs {@code action} on a group whose lock the caller holds, and logs the rebalance it started, if any. */
    private static <T> T observed(GroupState group, Function<GroupState, T> action) {
        int before = group.groupEpoch();
        T result = action.apply(group);
        if (group.groupEpoch() != before) {
            RebalanceLog.started(group.groupId(), before, group.groupEpoch(), group.memberCount());
        }
        return result;
    }
}
