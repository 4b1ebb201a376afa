package io.strata.coordinator.admin;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.DeleteGroupResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupDescription;
import io.strata.api.v1.GroupListing;
import io.strata.api.v1.PartitionLag;
import io.strata.api.v1.ResetSpec;
import io.strata.coordinator.assignment.TopicPartition;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Group administration: list, describe (with log end offsets and lag from the partition leaders),
 * delete and offset reset. Changes that need an empty group check it first and again right before
 * writing; a member joining between that check and the write is not prevented (as in Kafka, where
 * the admin tools also expect the consumers to be stopped).
 */
@ApplicationScoped
public class GroupAdmin {

    private final GroupCoordinator groups;
    private final OffsetStore offsets;
    private final ConsumerInstanceStore instances;
    private final LogOffsets logOffsets;
    private final MetadataFollower metadata;
    private final Clock clock;

    public GroupAdmin(GroupCoordinator groups, OffsetStore offsets, ConsumerInstanceStore instances, LogOffsets logOffsets,
                      MetadataFollower metadata, Clock clock) {
        this.groups = groups;
        this.offsets = offsets;
        this.instances = instances;
        this.logOffsets = logOffsets;
        this.metadata = metadata;
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
        GroupId.check(groupId);
        Optional<GroupSnapshot> snapshot = groups.snapshot(groupId);
        return offsets.fetchAll(groupId).chain(committed -> {
            if (snapshot.isEmpty() && committed.isEmpty()) {
                return Uni.createFrom().item(GroupDescription.newBuilder().setGroupId(groupId)
                        .setErrorCode(ErrorCode.GROUP_ID_NOT_FOUND)
                        .setErrorMessage("group '" + groupId + "' has no members and no committed offsets").build());
            }
            SortedSet<TopicPartition> partitions = new TreeSet<>(committed.keySet());
            snapshot.ifPresent(group -> group.target().values().forEach(partitions::addAll));
            return lags(partitions, committed, snapshot, includeLag)
                    .map(lags -> GroupDescriptions.describe(groupId, snapshot, lags));
        });
    }

    private Uni<List<PartitionLag>> lags(SortedSet<TopicPartition> partitions, Map<TopicPartition, CommittedOffset> committed,
                                         Optional<GroupSnapshot> snapshot, boolean includeLag) {
        if (partitions.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<PartitionLag>> lags = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            PartitionLag.Builder lag = GroupDescriptions.lagWithoutEnd(partition, committed.get(partition),
                    snapshot.map(group -> group.owners().get(partition)).orElse(null));
            lags.add(includeLag ? withLogEnd(partition, lag) : Uni.createFrom().item(lag.build()));
        }
        return Uni.join().all(lags).andFailFast();
    }

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
     * Moves the committed offsets of an empty group: each partition's new offset is read from its
     * leader (earliest, latest, timestamp) or given; all are stored in one commit.
     */
    public Uni<List<CommittedOffset>> reset(String groupId, Map<String, List<Integer>> requested, ResetSpec spec,
                                            long timestampMs, long offset, boolean dryRun) {
        GroupId.check(groupId);
        groups.checkEmpty(groupId, "resetting offsets is allowed for");
        ResetTarget target = ResetTarget.of(spec, timestampMs, offset);
        SortedSet<TopicPartition> partitions = expand(requested);
        List<Uni<CommittedOffset>> resolved = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            resolved.add(resolve(target, partition).map(value -> new CommittedOffset(partition, value, "", 0)));
        }
        return Uni.join().all(resolved).andFailFast().chain(newOffsets -> {
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
