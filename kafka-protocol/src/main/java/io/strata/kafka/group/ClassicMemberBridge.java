package io.strata.kafka.group;

import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.kafka.backend.GroupBackend;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hosts classic Kafka group members (JoinGroup / SyncGroup / Heartbeat / LeaveGroup) as members of
 * the coordinator's KIP-848 group. The coordinator assigns; a classic member is always a follower
 * and receives in SyncGroup what the coordinator last answered for it. A classic "rebalance" is how
 * the member picks up a changed assignment: when the coordinator's answer differs from what the
 * member was given, its next Heartbeat gets REBALANCE_IN_PROGRESS and it joins again.
 *
 * <p>The invariant everything here keeps: the bridge reports to the coordinator as owned exactly
 * what the client may hold ({@link ClassicMember#owned()}): what it was given in SyncGroup and has
 * not given up by joining again. Eager clients revoke everything before they join (their
 * subscription lists no owned partitions); cooperative clients keep what they still own and list
 * it. At a join the owned set shrinks to what the client lists (never grows: a partition it claims
 * but was never given is not reported); at a SyncGroup it grows by what is handed out. Since the
 * coordinator hands a partition to a new owner only after the old owner stops reporting it, no
 * partition is held by two clients at once. Once the coordinator has fenced or forgotten a member,
 * the partitions are no longer the member's whatever the bridge reports; the client learns it from
 * its next call (UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION), the same window Kafka has.
 *
 * <p>Thread-safety: the steps of one member (joins, syncs, heartbeats, leaves and commits) run one
 * after another (each is chained on the member's previous step, never blocking a thread), so a
 * member's state changes in the order its requests arrived; members are independent. The state lives in this node's memory only: a client whose
 * coordinator connection moves to another node is unknown there and joins again from scratch
 * ({@link FindCoordinatorApi} names the same node for a group whichever node is asked, so that
 * happens only when the live nodes change).
 * Memory is bounded: at most {@link Limits#maxMembers()} members are kept (when a member joins a
 * full bridge, members idle past their session timeout are dropped first: the coordinator has
 * removed them too), and at most {@link Limits#maxPendingMemberIds()} ids handed out with
 * MEMBER_ID_REQUIRED (and as many ids of replaced static members) are remembered. A member that
 * leaves is forgotten at once.
 */
final class ClassicMemberBridge {

    private static final Logger LOG = Logger.getLogger(ClassicMemberBridge.class);

    /**
     * Bounds on what the bridge keeps in memory.
     *
     * @param maxMembers          members kept (a join beyond it is GROUP_MAX_SIZE_REACHED once idle ones are dropped)
     * @param maxPendingMemberIds ids remembered from MEMBER_ID_REQUIRED answers, and fenced static member ids, each
     */
    record Limits(int maxMembers, int maxPendingMemberIds) {
        static final Limits DEFAULT = new Limits(100_000, 10_000);
    }

    /** A JoinGroup, decoded: the client's first (preferred) protocol and its subscription. */
    record Join(String groupId, String memberId, String instanceId, String clientId, String clientHost,
                List<String> topics, Set<TopicPartition> declaredOwned, String protocolName, short assignmentVersion,
                int rebalanceTimeoutMs, int sessionTimeoutMs, boolean requiresKnownMemberId) {
    }

    record JoinResult(Errors error, String memberId, int generation, String protocolName) {
        static JoinResult error(Errors error, String memberId) {
            return new JoinResult(error, memberId, -1, null);
        }
    }

    record SyncResult(Errors error, ClassicMember member) {
    }

    /** The member id and epoch a classic commit is forwarded with, or the error that refuses it. */
    record CommitIdentity(Errors error, String memberId, int epoch) {
    }

    private record Key(String groupId, String memberId) {
    }

    /** One member's state and the tail of its chain of steps; guarded by its own monitor. */
    private static final class Slot {
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        private volatile ClassicMember member;
    }

    private final GroupBackend coordinator;
    private final LongSupplier clockMs;
    private final Supplier<String> memberIds;
    private final Limits limits;
    private final ConcurrentHashMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> pendingIds;
    /** Member ids whose static instance id another member has taken over: they are fenced (FENCED_INSTANCE_ID). */
    private final Map<Key, Boolean> replacedIds;

    ClassicMemberBridge(GroupBackend coordinator, LongSupplier clockMs, Supplier<String> memberIds, Limits limits) {
        this.coordinator = coordinator;
        this.clockMs = clockMs;
        this.memberIds = memberIds;
        this.limits = limits;
        this.pendingIds = boundedIds(limits.maxPendingMemberIds());
        this.replacedIds = boundedIds(limits.maxPendingMemberIds());
    }

    private static Map<Key, Boolean> boundedIds(int max) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
                return size() > max;
            }
        };
    }

    private boolean isReplaced(Key key) {
        synchronized (replacedIds) {
            return replacedIds.containsKey(key);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // JoinGroup

    CompletionStage<JoinResult> join(Join join) {
        if (join.memberId().isEmpty()) {
            if (join.instanceId() == null && join.requiresKnownMemberId()) {
                String id = memberIds.get();
                synchronized (pendingIds) {
                    pendingIds.put(new Key(join.groupId(), id), Boolean.TRUE);
                }
                return CompletableFuture.completedFuture(JoinResult.error(Errors.MEMBER_ID_REQUIRED, id));
            }
            return joinAfresh(join, "");
        }
        Key key = new Key(join.groupId(), join.memberId());
        if (isReplaced(key)) {
            return CompletableFuture.completedFuture(JoinResult.error(Errors.FENCED_INSTANCE_ID, join.memberId()));
        }
        boolean pending;
        synchronized (pendingIds) {
            pending = pendingIds.remove(key) != null;
        }
        if (!slots.containsKey(key) && !pending && join.instanceId() == null) {
            return CompletableFuture.completedFuture(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, join.memberId()));
        }
        return serialized(key, slot -> {
            ClassicMember member = slot.member;
            return member == null ? joinAfresh(join, join.memberId()) : rejoin(slot, member, join);
        });
    }

    /** A member the coordinator does not count (yet): epoch 0, owning nothing. */
    private CompletionStage<JoinResult> joinAfresh(Join join, String memberId) {
        Key requested = new Key(join.groupId(), memberId);
        Errors full = maybeMakeRoom(requested);
        if (full != Errors.NONE) {
            forgetIfEmpty(requested);
            return CompletableFuture.completedFuture(JoinResult.error(full, memberId));
        }
        return coordinator.heartbeat(joinRequest(join, memberId, 0, Set.of())).handle((response, failure) -> {
            if (failure != null) {
                forgetIfEmpty(requested);
                throw new CompletionException(failure);
            }
            ClassicMember member = joined(join, response, Set.of(), Set.of());
            dropReplacedStaticMember(member);
            slots.compute(new Key(join.groupId(), member.memberId()), (k, existing) -> {
                Slot slot = existing != null ? existing : new Slot();
                slot.member = member;
                return slot;
            });
            forgetIfEmpty(requested);
            return new JoinResult(Errors.NONE, member.memberId(), member.generation(), member.protocolName());
        });
    }

    private CompletionStage<JoinResult> rejoin(Slot slot, ClassicMember member, Join join) {
        if (member.coordinatorEpoch() == 0) {
            return joinAfresh(join, member.memberId());
        }
        Set<TopicPartition> owned = PartitionSets.intersection(member.owned(), join.declaredOwned());
        Set<TopicPartition> given = PartitionSets.intersection(member.given(), join.declaredOwned());
        GroupHeartbeatRequest request = joinRequest(join, member.memberId(), member.coordinatorEpoch(), owned);
        return coordinator.heartbeat(request).handle((response, failure) -> {
            if (failure == null) {
                slot.member = joined(join, response, given, owned);
                return CompletableFuture.completedFuture(
                        new JoinResult(Errors.NONE, member.memberId(), slot.member.generation(), join.protocolName()));
            }
            if (!isMembershipLost(failure)) {
                throw new CompletionException(failure);
            }
            LOG.infof("group '%s' member '%s' lost its membership when joining again: %s", member.groupId(),
                    member.memberId(), KafkaErrors.message(failure));
            slot.member = member.reset(clockMs.getAsLong());
            if (owned.isEmpty()) {
                // The client holds nothing, so joining afresh under the same id hands nothing to two members.
                return joinAfresh(join, member.memberId());
            }
            return CompletableFuture.completedFuture(JoinResult.error(Errors.UNKNOWN_MEMBER_ID, member.memberId()));
        }).thenCompose(Function.identity());
    }

    private GroupHeartbeatRequest joinRequest(Join join, String memberId, int epoch, Set<TopicPartition> owned) {
        GroupHeartbeatRequest.Builder request = GroupHeartbeatRequest.newBuilder()
                .setGroupId(join.groupId())
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setRebalanceTimeoutMs(Math.max(0, join.rebalanceTimeoutMs()))
                .setSubscription(GroupSubscription.newBuilder().addAllTopicNames(join.topics()))
                .addAllOwnedPartitions(PartitionSets.toProto(owned));
        if (join.instanceId() != null) {
            request.setGroupInstanceId(join.instanceId());
        }
        return request.build();
    }

    private ClassicMember joined(Join join, GroupHeartbeatResponse response, Set<TopicPartition> given,
                                 Set<TopicPartition> owned) {
        return new ClassicMember(join.groupId(), response.getMemberId(), join.instanceId(), join.clientId(),
                join.clientHost(), join.topics(), join.protocolName(), join.assignmentVersion(),
                join.rebalanceTimeoutMs(), join.sessionTimeoutMs(), response.getMemberEpoch(),
                response.getMemberEpoch(), PartitionSets.fromProto(response.getAssignmentList()), given, owned,
                true, clockMs.getAsLong());
    }

    // ---------------------------------------------------------------------------------------------
    // SyncGroup, Heartbeat, LeaveGroup

    CompletionStage<SyncResult> sync(String groupId, String memberId, int generation) {
        return onKnownMember(groupId, memberId, (slot, member) -> {
            if (generation != member.generation()) {
                return CompletableFuture.completedFuture(new SyncResult(Errors.ILLEGAL_GENERATION, member));
            }
            slot.member = member.synced(clockMs.getAsLong());
            return CompletableFuture.completedFuture(new SyncResult(Errors.NONE, slot.member));
        }, error -> new SyncResult(error, null));
    }

    CompletionStage<Errors> heartbeat(String groupId, String memberId, int generation) {
        return onKnownMember(groupId, memberId, (slot, member) -> {
            if (generation != member.generation()) {
                LOG.infof("heartbeat of group '%s' member '%s' generation %d: ILLEGAL_GENERATION (joined with %d)",
                        groupId, memberId, generation, member.generation());
                return CompletableFuture.completedFuture(Errors.ILLEGAL_GENERATION);
            }
            GroupHeartbeatRequest.Builder request = GroupHeartbeatRequest.newBuilder()
                    .setGroupId(groupId)
                    .setMemberId(memberId)
                    .setMemberEpoch(member.coordinatorEpoch())
                    .addAllOwnedPartitions(PartitionSets.toProto(member.owned()));
            member.staticId().ifPresent(request::setGroupInstanceId);
            return coordinator.heartbeat(request.build()).handle((response, failure) -> {
                if (failure != null) {
                    return membershipLost(slot, member, failure, Errors.ILLEGAL_GENERATION);
                }
                Set<TopicPartition> assignment = PartitionSets.fromProto(response.getAssignmentList());
                slot.member = member.answered(response.getMemberEpoch(), assignment, clockMs.getAsLong());
                boolean changed = !member.awaitingSync() && !assignment.equals(member.given());
                return changed ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
            });
        }, error -> error);
    }

    /**
     * A member leaves: epoch −1; or −2 when a static member leaves for now ({@code temporary}): the
     * coordinator keeps its partitions for it until its session ends or its instance id joins again.
     * A static member named only by its instance id is looked up among the members joined here.
     */
    CompletionStage<Errors> leave(String groupId, String memberId, String instanceId, boolean temporary) {
        String id = memberId.isEmpty() && instanceId != null ? staticMemberId(groupId, instanceId) : memberId;
        if (id == null || id.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.UNKNOWN_MEMBER_ID);
        }
        Key key = new Key(groupId, id);
        Function<Slot, CompletionStage<Errors>> step = slot -> {
            GroupHeartbeatRequest.Builder request = GroupHeartbeatRequest.newBuilder()
                    .setGroupId(groupId)
                    .setMemberId(id)
                    .setMemberEpoch(temporary && instanceId != null ? -2 : -1);
            if (instanceId != null) {
                request.setGroupInstanceId(instanceId);
            }
            return coordinator.heartbeat(request.build()).handle((response, failure) -> {
                slots.remove(key, slot);
                return failure == null ? Errors.NONE : leaveError(failure);
            });
        };
        return slots.containsKey(key) ? serialized(key, step) : step.apply(new Slot());
    }

    // ---------------------------------------------------------------------------------------------
    // What other APIs read

    /**
     * Runs {@code commit} as a step of the classic member's chain, with the identity the commit is
     * forwarded with: the member's current coordinator epoch when {@code generation} is the one it
     * joined with, else ILLEGAL_GENERATION (UNKNOWN_MEMBER_ID once it has left). Being a step, it
     * never overlaps the member's heartbeat or join at the coordinator: a heartbeat may move the
     * member's epoch there, and a commit read against the epoch before that answer arrived would be
     * refused though the client still holds every partition it commits (the bridge reports them
     * owned until the client joins again). Kafka's coordinator accepts that commit (a classic
     * generation moves only at a join); so must this one.
     *
     * @return empty when {@code memberId} is not a classic member known here (a KIP-848 member, an
     *         admin): the caller forwards the commit as it came
     */
    <T> Optional<CompletionStage<T>> commitStep(String groupId, String memberId, int generation,
                                                Function<CommitIdentity, CompletionStage<T>> commit) {
        Key key = new Key(groupId, memberId);
        Slot known = slots.get(key);
        if (known == null || known.member == null) {
            return Optional.empty();
        }
        CompletionStage<T> step = serialized(key, slot -> {
            ClassicMember member = slot.member;
            if (member == null) {
                forgetIfEmpty(key);
                return commit.apply(new CommitIdentity(Errors.UNKNOWN_MEMBER_ID, memberId, -1));
            }
            if (member.coordinatorEpoch() == 0 || generation != member.generation()) {
                LOG.infof("commit of group '%s' member '%s' generation %d refused: ILLEGAL_GENERATION (joined with %d%s)",
                        groupId, memberId, generation, member.generation(),
                        member.coordinatorEpoch() == 0 ? ", membership lost since" : "");
                return commit.apply(new CommitIdentity(Errors.ILLEGAL_GENERATION, memberId, -1));
            }
            return commit.apply(new CommitIdentity(Errors.NONE, memberId, member.coordinatorEpoch()));
        });
        return Optional.of(step);
    }

    /** Snapshots of the classic members of a group known on this node. */
    List<ClassicMember> members(String groupId) {
        List<ClassicMember> members = new ArrayList<>();
        slots.forEach((key, slot) -> {
            ClassicMember member = slot.member;
            if (key.groupId().equals(groupId) && member != null) {
                members.add(member);
            }
        });
        return members;
    }

    // ---------------------------------------------------------------------------------------------

    private <T> CompletionStage<T> onKnownMember(String groupId, String memberId,
                                                 BiFunction<Slot, ClassicMember, CompletionStage<T>> step,
                                                 Function<Errors, T> refusal) {
        Key key = new Key(groupId, memberId);
        if (!slots.containsKey(key)) {
            Errors error = isReplaced(key) ? Errors.FENCED_INSTANCE_ID : Errors.UNKNOWN_MEMBER_ID;
            LOG.infof("group '%s' member '%s' is not known here: %s", groupId, memberId, error);
            return CompletableFuture.completedFuture(refusal.apply(error));
        }
        return serialized(key, slot -> {
            ClassicMember member = slot.member;
            if (member == null || member.coordinatorEpoch() == 0) {
                return CompletableFuture.completedFuture(refusal.apply(Errors.UNKNOWN_MEMBER_ID));
            }
            return step.apply(slot, member);
        });
    }

    /** Runs {@code step} after every earlier step of the same member has completed, failed or not. */
    private <T> CompletionStage<T> serialized(Key key, Function<Slot, CompletionStage<T>> step) {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        synchronized (slot) {
            CompletableFuture<T> next = slot.tail.handle((ignored, failure) -> slot)
                    .thenCompose(step)
                    .toCompletableFuture();
            slot.tail = next;
            return next;
        }
    }

    private Errors membershipLost(Slot slot, ClassicMember member, Throwable failure, Errors whenFenced) {
        if (!isMembershipLost(failure)) {
            throw new CompletionException(failure);
        }
        LOG.infof("group '%s' member '%s' lost its membership: %s", member.groupId(), member.memberId(),
                KafkaErrors.message(failure));
        slot.member = member.reset(clockMs.getAsLong());
        return KafkaErrors.of(failure) == Errors.FENCED_MEMBER_EPOCH ? whenFenced : Errors.UNKNOWN_MEMBER_ID;
    }

    /** The coordinator no longer counts the member (removed, restarted) or fenced its epoch. */
    private static boolean isMembershipLost(Throwable failure) {
        Errors error = KafkaErrors.of(failure);
        return error == Errors.UNKNOWN_MEMBER_ID || error == Errors.FENCED_MEMBER_EPOCH;
    }

    private static Errors leaveError(Throwable failure) {
        return isMembershipLost(failure) ? Errors.UNKNOWN_MEMBER_ID : KafkaErrors.of(failure);
    }

    private String staticMemberId(String groupId, String instanceId) {
        for (ClassicMember member : members(groupId)) {
            if (instanceId.equals(member.instanceId())) {
                return member.memberId();
            }
        }
        return null;
    }

    /**
     * A static member joining under an instance id replaces the member that had it: that id is
     * fenced, so a zombie process still using it is told FENCED_INSTANCE_ID (and stops, as Kafka
     * clients do) instead of joining again and taking the instance id back.
     */
    private void dropReplacedStaticMember(ClassicMember joined) {
        if (joined.instanceId() == null) {
            return;
        }
        slots.forEach((key, slot) -> {
            ClassicMember other = slot.member;
            if (other != null && key.groupId().equals(joined.groupId()) && !key.memberId().equals(joined.memberId())
                    && joined.instanceId().equals(other.instanceId())) {
                slots.remove(key, slot);
                synchronized (replacedIds) {
                    replacedIds.put(key, Boolean.TRUE);
                }
            }
        });
    }

    /**
     * Drops members idle past their session timeout (the coordinator has removed them too);
     * GROUP_MAX_SIZE_REACHED when still full. The joining member's own slot does not count.
     */
    private Errors maybeMakeRoom(Key joining) {
        if (others(joining) < limits.maxMembers()) {
            return Errors.NONE;
        }
        long nowMs = clockMs.getAsLong();
        slots.forEach((key, slot) -> {
            ClassicMember member = slot.member;
            if (member != null && nowMs - member.lastSeenMs() > Math.max(member.sessionTimeoutMs(), 0)) {
                slots.remove(key, slot);
            }
        });
        return others(joining) < limits.maxMembers() ? Errors.NONE : Errors.GROUP_MAX_SIZE_REACHED;
    }

    private int others(Key joining) {
        return slots.size() - (slots.containsKey(joining) ? 1 : 0);
    }

    /** Drops a slot made for a join that did not produce a member. */
    private void forgetIfEmpty(Key key) {
        slots.computeIfPresent(key, (k, slot) -> slot.member == null ? null : slot);
    }

    /** How many members (and slots of joins in flight) are kept; for tests of the bounds. */
    int size() {
        return slots.size();
    }
}
