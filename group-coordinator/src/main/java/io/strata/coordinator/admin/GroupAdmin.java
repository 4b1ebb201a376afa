package io.strata.coordinator.admin;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.DeleteOffsetsResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.OffsetDeletion;
import io.strata.api.v1.PartitionLag;
import io.strata.api.v1.ResetSpec;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupId;
import io.strata.coordinator.group.GroupSnapshot;
import io.strata.coordinator.instance.ConsumerInstanceStore;
import io.strata.coordinator.metadata.LogOffsets;
import io.strata.coordinator.metadata.MetadataFollower;
import io.strata.coordinator.offsets.CommittedOffset;
import io.strata.coordinator.offsets.OffsetStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Group administration: list, describe (with log end offsets and lag from the partition leaders),
 * delete, offset reset and offset deletion.
 *
 * <p>Delete and reset need an empty group: they check it under the group's lock first and again
 * right before writing; a member joining between that check and the write is not prevented (as in
 * Kafka, where the admin tools also expect the consumers to be stopped).
 *
 * <p>Offset deletion (Kafka's OffsetDelete) runs beside live members, so its rule is stricter:
 * <b>no committed offset of a topic is deleted while a member of the group subscribes to that
 * topic</b>. The subscribed topics are read under the group's lock twice: before the deletion (their
 * partitions are kept and answered GROUP_SUBSCRIBED_TO_TOPIC), and again inside the deletion's
 * transaction, after its DELETE and before its commit. When a member subscribed to a deleted topic
 * in between, the transaction rolls back and the deletion starts over, at most
 * {@value #MAX_DELETE_ATTEMPTS} times (then REBALANCE_IN_PROGRESS, nothing deleted). That second
 * read is when the deletion takes effect: a member that subscribes later commits later, and its
 * commits to deleted partitions wait on the DELETE's row locks and are stored after it. The one
 * thing such a member can see of the deletion's past is an offset being deleted, read before the
 * transaction commits (it then starts there rather than at its reset policy).
 *
 * <p>Holds no state of its own: membership is read under each group's lock ({@link GroupCoordinator}),
 * storage calls run on a Vert.x context.
 */
@ApplicationScoped
public class GroupAdmin {

    /**
     * Attempts of one offset deletion. Another attempt follows only when a member subscribed to a
     * deleted topic during the previous one, and the next attempt keeps that topic, so a third
     * conflict takes a third new subscription within a few milliseconds: not worth a setting.
     */
    static final int MAX_DELETE_ATTEMPTS = 3;

    private final GroupCoordinator groups;
    private final OffsetStore offsets;
    private final ConsumerInstanceStore instances;
    private final LogOffsets logOffsets;
    private final MetadataFollower metadata;
    private final CoordinatorConfig config;
    private final Clock clock;

    public GroupAdmin(GroupCoordinator groups, OffsetStore offsets, ConsumerInstanceStore instances, LogOffsets logOffsets,
                      MetadataFollower metadata, CoordinatorConfig config, Clock clock) {
        this.groups = groups;
        this.offsets = offsets;
        this.instances = instances;
        this.logOffsets = logOffsets;
        this.metadata = metadata;
        this.config = config;
        this.clock = clock;
    }

    /** Groups with members and groups with committed offsets, by id. */
    public Uni<List<GroupListing>> list() {
        return offsets.groupIds().map(withOffsets -> {
            SortedMap<String, GroupListing> listed = new TreeMap<>();
            withOffsets.forEach(id -> listed.put(id, GroupListing.newBuilder().setGroupId(id)
                    .setState(GroupDescriptions.state(GroupSnapshot.State.EMPTY)).build()));
            for (GroupSnapshot group : groups.snapshots()) {
                if (!group.members().isEmpty() || !listed.containsKey(group.groupId())) {
                    listed.put(group.groupId(), GroupListing.newBuilder().setGroupId(group.groupId())
                            .setState(GroupDescriptions.state(group.state())).setMemberCount(group.members().size()).build());
                }
            }
            return List.copyOf(listed.values());
        });
    }

    public Uni<GroupDescription> describe(String groupId, boolean includeLag) {
        return describe(List.of(groupId), includeLag).map(described -> described.get(0));
    }

    /**
     * Describes these groups, in the order named. Their committed offsets come from one query; the
     * groups are then described one after the other, so that with {@code includeLag} at most one
     * group's ListOffsets calls are in flight at once.
     */
    public Uni<List<GroupDescription>> describe(List<String> groupIds, boolean includeLag) {
        groupIds.forEach(GroupId::check);
        return offsets.fetchAll(groupIds).chain(committedByGroup -> Multi.createFrom().iterable(groupIds)
                .onItem().transformToUniAndConcatenate(groupId -> describe(groupId,
                        committedByGroup.getOrDefault(groupId, Collections.emptySortedMap()), includeLag))
                .collect().asList());
    }

    private Uni<GroupDescription> describe(String groupId, SortedMap<TopicPartition, CommittedOffset> committed,
                                           boolean includeLag) {
        Optional<GroupSnapshot> snapshot = groups.snapshot(groupId);
        if (snapshot.isEmpty() && committed.isEmpty()) {
            return Uni.createFrom().item(GroupDescription.newBuilder().setGroupId(groupId)
                    .setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND)
                    .setErrorMessage("group '" + groupId + "' has no members and no committed offsets").build());
        }
        SortedSet<TopicPartition> partitions = new TreeSet<>(committed.keySet());
        snapshot.ifPresent(group -> group.target().values().forEach(partitions::addAll));
        return lags(partitions, committed, snapshot, includeLag)
                .map(lags -> GroupDescriptions.describe(groupId, snapshot, lags));
    }

    private Uni<List<PartitionLag>> lags(SortedSet<TopicPartition> partitions, Map<TopicPartition, CommittedOffset> committed,
                                         Optional<GroupSnapshot> snapshot, boolean includeLag) {
        if (partitions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<PartitionLag.Builder> withoutEnd = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            withoutEnd.add(GroupDescriptions.lagWithoutEnd(partition, committed.get(partition),
                    snapshot.map(group -> group.owners().get(partition)).orElse(null)));
        }
        if (!includeLag) {
            return Uni.createFrom().item(withoutEnd.stream().map(PartitionLag.Builder::build).toList());
        }
        // A bounded number in flight: each call starts when an earlier one ends, never all in one loop.
        return Multi.createFrom().iterable(withoutEnd)
                .onItem().transformToUni(lag -> withLogEnd(new TopicPartition(lag.getTopic(), lag.getPartition()), lag))
                .merge(config.lagConcurrency())
                .collect().asList()
                .map(lags -> lags.stream().sorted(BY_PARTITION).toList());
    }

    private static final Comparator<PartitionLag> BY_PARTITION =
            Comparator.comparing(PartitionLag::getTopic).thenComparingInt(PartitionLag::getPartition);

    private Uni<PartitionLag> withLogEnd(TopicPartition partition, PartitionLag.Builder lag) {
        return logOffsets.latest(partition)
                .map(end -> GroupDescriptions.withLogEnd(lag, end).build())
                .onFailure().recoverWithItem(failure -> lag.setLogEndOffsetError(GrpcErrors.asStrataException(failure).code())
                        .build());
    }

    /** Deletes an empty group's offsets and consumer instances; GROUP_ID_NOT_FOUND when it had none. */
    public Uni<DeleteGroupResponse> delete(String groupId) {
        GroupId.check(groupId);
        groups.checkEmpty(groupId, "deleting a group is allowed for");
        return offsets.deleteGroup(groupId).chain(deletedOffsets -> instances.deleteGroup(groupId).map(deletedInstances -> {
            boolean hadState = groups.forget(groupId);
            if (deletedOffsets == 0 && deletedInstances.isEmpty() && !hadState) {
                throw new StrataException(ErrorCode.GROUP_ID_NOT_FOUND, "group '" + groupId
                        + "' has no committed offsets, consumer instances or members");
            }
            return DeleteGroupResponse.newBuilder().setDeletedOffsets(deletedOffsets.intValue())
                    .setDeletedInstances(deletedInstances.size()).build();
        }));
    }

    /**
     * Deletes the committed offsets of these partitions, keeping those of topics a member subscribes
     * to (see the class comment); one answer per partition, in partition order.
     */
    public Uni<DeleteOffsetsResponse> deleteOffsets(String groupId, SortedSet<TopicPartition> partitions) {
        GroupId.check(groupId);
        if (partitions.size() > config.maxPartitionsPerRequest()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partitions: a request may name at most "
                    + config.maxPartitionsPerRequest() + " partitions, not " + partitions.size());
        }
        return deleteOffsets(groupId, partitions, 1);
    }

    private Uni<DeleteOffsetsResponse> deleteOffsets(String groupId, SortedSet<TopicPartition> partitions, int attempt) {
        SortedSet<String> subscribed = groups.subscribers(groupId, topicsOf(partitions)).topics();
        List<TopicPartition> deletable = partitions.stream().filter(p -> !subscribed.contains(p.topic())).toList();
        SortedSet<String> deletedTopics = topicsOf(deletable);
        return offsets.delete(groupId, deletable, deletion -> checkStillUnsubscribed(groupId, deletedTopics, deletion))
                .map(deletion -> deleted(groupId, partitions, subscribed))
                .onFailure(SubscribedMeanwhile.class).recoverWithUni(conflict -> {
                    if (attempt >= MAX_DELETE_ATTEMPTS) {
                        return Uni.createFrom().failure(new StrataException(ErrorCode.REBALANCE_IN_PROGRESS, "group '"
                                + groupId + "': members subscribed to topics being deleted during each of "
                                + attempt + " attempts (last: " + conflict.getMessage() + "); nothing was deleted, retry"));
                    }
                    return deleteOffsets(groupId, partitions, attempt + 1);
                });
    }

    /**
     * Inside the deletion's transaction, after its DELETE: refuses (rolls back) when a member now
     * subscribes to a deleted topic, or when the group turns out to have had neither members nor
     * offsets.
     */
    private void checkStillUnsubscribed(String groupId, SortedSet<String> deletedTopics, OffsetStore.Deletion deletion) {
        GroupCoordinator.Subscribers now = groups.subscribers(groupId, deletedTopics);
        if (!now.topics().isEmpty()) {
            throw new SubscribedMeanwhile("topics " + now.topics() + " were subscribed to while their offsets were deleted");
        }
        if (!now.hasMembers() && deletion.hadBefore() == 0) {
            throw new StrataException(ErrorCode.GROUP_ID_NOT_FOUND, "group '" + groupId
                    + "' has no members and no committed offsets");
        }
    }

    private static DeleteOffsetsResponse deleted(String groupId, SortedSet<TopicPartition> partitions, Set<String> subscribed) {
        DeleteOffsetsResponse.Builder response = DeleteOffsetsResponse.newBuilder();
        for (TopicPartition partition : partitions) {
            OffsetDeletion.Builder answer = OffsetDeletion.newBuilder().setTopic(partition.topic())
                    .setPartition(partition.partition());
            if (subscribed.contains(partition.topic())) {
                answer.setErrorCode(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC).setErrorMessage("a member of group '" + groupId
                        + "' subscribes to topic '" + partition.topic() + "': its committed offsets are kept");
            }
            response.addPartitions(answer);
        }
        return response.build();
    }

    private static SortedSet<String> topicsOf(Collection<TopicPartition> partitions) {
        SortedSet<String> topics = new TreeSet<>();
        partitions.forEach(partition -> topics.add(partition.topic()));
        return topics;
    }

    /** A member subscribed to a topic whose offsets were being deleted: the deletion rolls back and starts over. */
    private static final class SubscribedMeanwhile extends RuntimeException {

        SubscribedMeanwhile(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Moves the committed offsets of an empty group: each partition's new offset is read from its
     * leader (earliest, latest, timestamp) or given; all are stored in one commit.
     */
    public Uni<List<CommittedOffset>> reset(String groupId, Map<String, List<Integer>> requested, ResetSpec spec,
                                            long timestampMs, long offset, boolean dryRun) {
        GroupId.check(groupId);
        groups.checkEmpty(groupId, "resetting offsets is allowed for");
        ResetTarget target = ResetTarget.of(spec, timestampMs, offset);
        SortedSet<TopicPartition> partitions = expand(requested);
        return Multi.createFrom().iterable(partitions)
                .onItem().transformToUni(partition -> resolve(target, partition)
                        .map(value -> new CommittedOffset(partition, value, "", 0)))
                .merge(config.lagConcurrency())
                .collect().asList()
                .map(resolved -> resolved.stream().sorted(Comparator.comparing(CommittedOffset::partition)).toList())
                .chain(newOffsets -> {
            if (dryRun) {
                return Uni.createFrom().item(newOffsets);
            }
            groups.checkEmpty(groupId, "resetting offsets is allowed for");
            return offsets.commit(groupId, newOffsets, clock.millis());
        });
    }

    private Uni<Long> resolve(ResetTarget target, TopicPartition partition) {
        return switch (target.spec()) {
            case RESET_SPEC_EARLIEST -> logOffsets.earliest(partition);
            case RESET_SPEC_LATEST -> logOffsets.latest(partition);
            case RESET_SPEC_TIMESTAMP -> logOffsets.atTimestamp(partition, target.timestampMs());
            default -> Uni.createFrom().item(target.offset());
        };
    }

    /** The partitions named; a topic with none named stands for all its partitions (from the metadata). */
    private SortedSet<TopicPartition> expand(Map<String, List<Integer>> requested) {
        if (requested.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "partitions: name at least one topic to reset");
        }
        SortedSet<TopicPartition> partitions = new TreeSet<>();
        requested.forEach((topic, indexes) -> {
            if (indexes.isEmpty()) {
                int count = metadata.current().topic(topic).getPartitionsCount();
                for (int index = 0; index < count; index++) {
                    partitions.add(new TopicPartition(topic, index));
                }
            } else {
                indexes.forEach(index -> partitions.add(new TopicPartition(topic, index)));
            }
        });
        return partitions;
    }
}
