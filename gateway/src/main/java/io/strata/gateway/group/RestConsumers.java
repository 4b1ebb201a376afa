package io.strata.gateway.group;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.DeleteConsumerInstanceRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.OffsetSpec;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.grpc.OffsetsService;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * REST consumer instances (Kafka REST Proxy v2 shape) whose whole state — membership, subscription
 * and read positions — lives in the group coordinator, not here: every call loads the instance,
 * acts, and stores it back, so any gateway can serve any instance and a gateway restart loses
 * nothing. An instance is a group member like any other: each read heartbeats for it, gives up the
 * partitions the coordinator revokes, and starts new partitions at the group's committed offset
 * (or by {@code auto.offset.reset}).
 *
 * <p>An instance either subscribes (and the group shares the topics' partitions among its members)
 * or is assigned partitions by hand ({@link #assign}): then it is no group member, its positions
 * are its assignment, and its reads fetch them without a membership round, as Kafka's
 * {@code assign()} does. The two are exclusive, as in Kafka.
 *
 * <p>Two gateways serving the same instance at the same moment may overwrite each other's
 * positions (last write wins); a REST client reads an instance from one place at a time.
 */
@ApplicationScoped
public class RestConsumers {

    /** Consumer configs a REST client may give at creation, with the REST Proxy's defaults. */
    public static final Map<String, String> DEFAULT_CONFIGS = Map.of("auto.offset.reset", "latest", "auto.commit.enable", "false");

    @Inject
    CoordinatorClient coordinator;
    @Inject
    OffsetsService offsets;
    @Inject
    GatewayConfig config;
    @Inject
    MetadataCache cache;

    /** Creates an instance; CONSUMER_INSTANCE_ALREADY_EXISTS when the name is taken in the group. */
    public Uni<ConsumerInstance> create(String group, String name, String format, Map<String, String> configs) {
        return coordinator.stub().createConsumerInstance(CreateConsumerInstanceRequest.newBuilder().setGroupId(group)
                        .setName(name).setFormat(format).putAllConfigs(configs).build())
                .map(created -> {
                    if (!created.getCreated()) {
                        throw new StrataException(ErrorCode.CONSUMER_INSTANCE_ALREADY_EXISTS, "a consumer instance named '"
                                + name + "' already exists in group '" + group + "'");
                    }
                    return created.getInstance();
                });
    }

    public Uni<ConsumerInstance> get(String group, String name) {
        return coordinator.stub().getConsumerInstance(GetConsumerInstanceRequest.newBuilder().setGroupId(group)
                .setName(name).setTouch(true).build()).map(r -> r.getInstance());
    }

    /** Subscribes (or changes the subscription) and joins the group at once. */
    public Uni<ConsumerInstance> subscribe(String group, String name, GroupSubscription subscription) {
        return get(group, name).chain(instance -> {
            if (manuallyAssigned(instance)) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "consumer instance '" + name + "' is assigned "
                        + ConsumerPositions.of(instance.getPositionsList()).offsets().keySet()
                        + " by hand: subscription and assignment are exclusive; DELETE …/subscription first to drop the assignment");
            }
            ConsumerInstance subscribed = instance.toBuilder().setSubscription(subscription).build();
            return heartbeat(subscribed, ConsumerPositions.of(instance.getPositionsList()), true)
                    .chain(joined -> store(subscribed, joined));
        });
    }

    /** Whether the instance reads partitions assigned by hand rather than a group's share of a subscription. */
    public static boolean manuallyAssigned(ConsumerInstance instance) {
        return !instance.hasSubscription() && instance.getPositionsCount() > 0;
    }

    /**
     * Assigns {@code partitions} by hand (Kafka's {@code assign()}): kept partitions keep their
     * position, new ones start at the group's committed offset, else by {@code auto.offset.reset};
     * an empty list drops the assignment. Refused while the instance subscribes, and for a
     * partition that does not exist.
     */
    public Uni<ConsumerInstance> assign(String group, String name, Collection<TopicPartition> partitions) {
        return get(group, name).chain(instance -> {
            if (instance.hasSubscription()) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "consumer instance '" + name + "' subscribes ("
                        + instance.getSubscription().getTopicNamesList() + instance.getSubscription().getTopicRegex()
                        + "): subscription and assignment are exclusive; DELETE …/subscription first");
            }
            partitions.forEach(tp -> cache.current().partition(tp.topic(), tp.partition()));
            Map<TopicPartition, Long> kept = new TreeMap<>(ConsumerPositions.of(instance.getPositionsList()).offsets());
            kept.keySet().retainAll(Set.copyOf(partitions));
            Set<TopicPartition> added = new java.util.TreeSet<>(partitions);
            added.removeAll(kept.keySet());
            return startingOffsets(instance, added)
                    .chain(started -> storePositions(instance, ConsumerPositions.none().with(kept).with(started)));
        });
    }

    /** Leaves the group and forgets the subscription and positions. */
    public Uni<ConsumerInstance> unsubscribe(String group, String name) {
        return get(group, name).chain(instance -> leave(instance).chain(() -> coordinator.stub().updateConsumerInstance(
                UpdateConsumerInstanceRequest.newBuilder().setGroupId(group).setName(name).setClearSubscription(true)
                        .setMemberId("").setMemberEpoch(0).setReplacePositions(true).build())))
                .map(updated -> updated.getInstance());
    }

    /** Commits the positions first when auto-commit is on; the coordinator removes the member. */
    public Uni<Void> delete(String group, String name) {
        return get(group, name)
                .chain(instance -> autoCommit(instance))
                .chain(() -> coordinator.stub().deleteConsumerInstance(DeleteConsumerInstanceRequest.newBuilder()
                        .setGroupId(group).setName(name).build()))
                .replaceWithVoid();
    }

    /**
     * One membership round for a read: auto-commits what the last read returned, heartbeats
     * (rejoining when the coordinator no longer knows the member), gives up revoked partitions
     * (telling the coordinator at once, so the next owner need not wait for this client's next
     * read), and gives new partitions their starting offsets. Stores and returns the instance.
     */
    public Uni<ConsumerInstance> reconcile(ConsumerInstance instance) {
        if (manuallyAssigned(instance)) {
            return Uni.createFrom().item(instance);
        }
        if (!instance.hasSubscription()) {
            throw new StrataException(ErrorCode.CONSUMER_NOT_SUBSCRIBED, "consumer instance '" + instance.getName()
                    + "' of group '" + instance.getGroupId() + "' has no subscription and no assignment: POST one to "
                    + "…/subscription or …/assignments first");
        }
        ConsumerPositions positions = ConsumerPositions.of(instance.getPositionsList());
        return autoCommit(instance)
                .chain(() -> heartbeat(instance, positions, false))
                .chain(answer -> {
                    // A member that had to join again owns nothing yet: its old positions are void.
                    ConsumerPositions base = answer.getMemberId().equals(instance.getMemberId()) ? positions : ConsumerPositions.none();
                    ConsumerPositions.Reconciled reconciled = base.reconcile(answer.getAssignmentList());
                    Uni<GroupHeartbeatResponse> released = reconciled.revoked().isEmpty() ? Uni.createFrom().item(answer)
                            : heartbeat(withMember(instance, answer), reconciled.kept(), false);
                    return released.chain(latest -> startingOffsets(instance, reconciled.added())
                            .chain(started -> store(withMember(instance, latest), latest, reconciled.kept().with(started))));
                });
    }

    /** Stores new positions (after a read or a seek) of an instance that owns those partitions. */
    public Uni<ConsumerInstance> storePositions(ConsumerInstance instance, ConsumerPositions positions) {
        return coordinator.stub().updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder()
                .setGroupId(instance.getGroupId()).setName(instance.getName())
                .addAllPositions(positions.stored()).setReplacePositions(true).build()).map(r -> r.getInstance());
    }

    /** Commits {@code offsets}, or every position when empty, as the instance's member. */
    public Uni<List<CommittedOffset>> commit(ConsumerInstance instance, List<CommittedOffset> given) {
        List<CommittedOffset> offsetsToCommit = given.isEmpty() ? asCommits(ConsumerPositions.of(instance.getPositionsList())) : given;
        if (offsetsToCommit.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return coordinator.stub().commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(instance.getGroupId())
                        .setMemberId(instance.getMemberId()).setMemberEpoch(instance.getMemberId().isEmpty() ? -1 : instance.getMemberEpoch())
                        .addAllOffsets(offsetsToCommit).build())
                .map(r -> r.getOffsetsList());
    }

    /** The group's committed offsets of {@code partitions}. */
    public Uni<List<CommittedOffset>> committed(String group, Collection<TopicPartition> partitions) {
        return coordinator.stub().fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(group)
                .addAllPartitions(ConsumerPositions.grouped(partitions)).build()).map(r -> r.getOffsetsList());
    }

    /** The first or the next offset of each partition, asked of the leaders. */
    public Uni<Map<TopicPartition, Long> > endOffsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<String, List<Integer>> byTopic = partitions.stream().collect(Collectors.groupingBy(TopicPartition::topic,
                TreeMap::new, Collectors.mapping(TopicPartition::partition, Collectors.toList())));
        List<Uni<Map<TopicPartition, Long>>> each = new ArrayList<>();
        byTopic.forEach((topic, ps) -> each.add(offsets.listOffsets(ListTopicOffsetsRequest.newBuilder().setTopic(topic)
                        .addAllPartitions(ps).setSpec(spec).build(), Deadline.after(config.requestTimeout()))
                .map(r -> {
                    Map<TopicPartition, Long> found = new HashMap<>();
                    r.getOffsetsList().forEach(o -> found.put(new TopicPartition(topic, o.getPartition()), o.getOffset()));
                    return found;
                })));
        if (each.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(each).andFailFast().map(maps -> {
            Map<TopicPartition, Long> all = new HashMap<>();
            maps.forEach(all::putAll);
            return all;
        });
    }

    /**
     * For each partition, the first offset whose record time is at or after the given time (ms);
     * the partition's end when no record is that late, as Kafka's consumer seeks there.
     */
    public Uni<Map<TopicPartition, Long>> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        if (timestamps.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Deadline deadline = Deadline.after(config.requestTimeout());
        List<Uni<Map.Entry<TopicPartition, Long>>> each = new ArrayList<>();
        timestamps.forEach((tp, timestampMs) -> each.add(offsets.listOffsets(ListTopicOffsetsRequest.newBuilder()
                        .setTopic(tp.topic()).addPartitions(tp.partition()).setSpec(OffsetSpec.OFFSET_SPEC_TIMESTAMP)
                        .setTimestampMs(timestampMs).build(), deadline)
                .map(r -> Map.entry(tp, r.getOffsets(0).getOffset()))));
        return Uni.join().all(each).andFailFast().chain(found -> {
            Map<TopicPartition, Long> targets = new HashMap<>();
            List<TopicPartition> past = new ArrayList<>();
            found.forEach(e -> {
                if (e.getValue() >= 0) {
                    targets.put(e.getKey(), e.getValue());
                } else {
                    past.add(e.getKey());
                }
            });
            return endOffsets(past, OffsetSpec.OFFSET_SPEC_LATEST).map(ends -> {
                targets.putAll(ends);
                return targets;
            });
        });
    }

    private Uni<Void> autoCommit(ConsumerInstance instance) {
        if (!"true".equalsIgnoreCase(setting(instance, "auto.commit.enable")) || instance.getMemberId().isEmpty()
                || instance.getPositionsCount() == 0) {
            return Uni.createFrom().voidItem();
        }
        // A stale membership cannot commit; the heartbeat that follows rejoins, and the records
        // since the last commit are read again (at least once).
        return commit(instance, List.of()).onFailure(f -> fencing(GrpcErrors.asStrataException(f).code()))
                .recoverWithItem(List.of()).replaceWithVoid();
    }

    private Uni<GroupHeartbeatResponse> heartbeat(ConsumerInstance instance, ConsumerPositions owned, boolean subscriptionChanged) {
        boolean joining = instance.getMemberId().isEmpty();
        GroupHeartbeatRequest.Builder request = GroupHeartbeatRequest.newBuilder().setGroupId(instance.getGroupId())
                .setMemberId(instance.getMemberId()).setMemberEpoch(joining ? 0 : instance.getMemberEpoch())
                .addAllOwnedPartitions(joining ? List.of() : owned.owned());
        if (joining || subscriptionChanged) {
            request.setSubscription(instance.getSubscription());
        }
        return coordinator.stub().heartbeat(request.build()).onFailure(f -> !joining && fencing(GrpcErrors.asStrataException(f).code()))
                .recoverWithUni(() -> heartbeat(instance.toBuilder().setMemberId("").setMemberEpoch(0).clearPositions().build(),
                        ConsumerPositions.none(), true));
    }

    private Uni<Void> leave(ConsumerInstance instance) {
        if (instance.getMemberId().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return coordinator.stub().heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(instance.getGroupId())
                        .setMemberId(instance.getMemberId()).setMemberEpoch(-1).build())
                .onFailure(f -> fencing(GrpcErrors.asStrataException(f).code())).recoverWithNull()
                .replaceWithVoid();
    }

    /** Starting offsets of newly assigned partitions: the committed offset, else auto.offset.reset. */
    private Uni<Map<TopicPartition, Long>> startingOffsets(ConsumerInstance instance, Set<TopicPartition> added) {
        if (added.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return committed(instance.getGroupId(), added).chain(committed -> {
            Map<TopicPartition, Long> start = new HashMap<>();
            List<TopicPartition> unknown = new ArrayList<>();
            for (CommittedOffset offset : committed) {
                TopicPartition tp = new TopicPartition(offset.getTopic(), offset.getPartition());
                if (offset.getOffset() >= 0) {
                    start.put(tp, offset.getOffset());
                } else {
                    unknown.add(tp);
                }
            }
            return resetOffsets(instance, unknown).map(reset -> {
                start.putAll(reset);
                return start;
            });
        });
    }

    /** Where a partition without a usable offset starts, by the instance's auto.offset.reset. */
    public Uni<Map<TopicPartition, Long>> resetOffsets(ConsumerInstance instance, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String reset = setting(instance, "auto.offset.reset");
        return switch (reset) {
            case "earliest", "smallest" -> endOffsets(partitions, OffsetSpec.OFFSET_SPEC_EARLIEST);
            case "latest", "largest" -> endOffsets(partitions, OffsetSpec.OFFSET_SPEC_LATEST);
            default -> Uni.createFrom().failure(new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "no committed offset for "
                    + partitions + " and auto.offset.reset is '" + reset + "'"));
        };
    }

    private Uni<ConsumerInstance> store(ConsumerInstance instance, GroupHeartbeatResponse membership) {
        return store(instance, membership, ConsumerPositions.of(instance.getPositionsList())
                .reconcile(membership.getAssignmentList()).kept());
    }

    private Uni<ConsumerInstance> store(ConsumerInstance instance, GroupHeartbeatResponse membership, ConsumerPositions positions) {
        UpdateConsumerInstanceRequest.Builder update = UpdateConsumerInstanceRequest.newBuilder()
                .setGroupId(instance.getGroupId()).setName(instance.getName())
                .setMemberId(membership.getMemberId()).setMemberEpoch(membership.getMemberEpoch())
                .addAllPositions(positions.stored()).setReplacePositions(true);
        if (instance.hasSubscription()) {
            update.setSubscription(instance.getSubscription());
        }
        return coordinator.stub().updateConsumerInstance(update.build()).map(r -> r.getInstance());
    }

    private static ConsumerInstance withMember(ConsumerInstance instance, GroupHeartbeatResponse membership) {
        return instance.toBuilder().setMemberId(membership.getMemberId()).setMemberEpoch(membership.getMemberEpoch()).build();
    }

    private static List<CommittedOffset> asCommits(ConsumerPositions positions) {
        List<CommittedOffset> commits = new ArrayList<>();
        positions.offsets().forEach((tp, offset) -> commits.add(CommittedOffset.newBuilder().setTopic(tp.topic())
                .setPartition(tp.partition()).setOffset(offset).build()));
        return commits;
    }

    /** A config of the instance as given at creation, else the default; null when neither has it. */
    public static String setting(ConsumerInstance instance, String key) {
        return instance.getConfigsMap().getOrDefault(key, DEFAULT_CONFIGS.get(key));
    }

    private static boolean fencing(ErrorCode code) {
        return code == ErrorCode.UNKNOWN_MEMBER_ID || code == ErrorCode.FENCED_MEMBER_EPOCH;
    }
}
