package io.strata.coordinator.offsets;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.config.CoordinatorConfig;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupId;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Commits and fetches of committed offsets. A commit is checked against the group's membership
 * first (a zombie or stale-epoch member is refused, see
 * {@link io.strata.coordinator.group.GroupState#checkCommit}), then stored. The check and the write
 * are not one atomic step: a member removed in between still gets its commit stored, as in Kafka.
 */
@ApplicationScoped
public class OffsetService {

    private final OffsetStore store;
    private final GroupCoordinator groups;
    private final CoordinatorConfig config;
    private final Clock clock;

    public OffsetService(OffsetStore store, GroupCoordinator groups, CoordinatorConfig config, Clock clock) {
        this.store = store;
        this.groups = groups;
        this.config = config;
        this.clock = clock;
    }

    /** Checks and stores; answers the offsets as stored. */
    public Uni<List<CommittedOffset>> commit(String groupId, String memberId, int memberEpoch, List<CommittedOffset> offsets) {
        GroupId.check(groupId);
        checkOffsets(offsets);
        groups.checkCommit(groupId, memberId, memberEpoch, offsets.stream().map(CommittedOffset::partition).toList());
        return store.commit(groupId, offsets, clock.millis());
    }

    /** The committed offsets of these partitions (all the group has when empty); missing ones as offset −1. */
    public Uni<List<CommittedOffset>> fetch(String groupId, List<TopicPartition> partitions) {
        GroupId.check(groupId);
        checkCount(partitions.size());
        if (partitions.isEmpty()) {
            return store.fetchAll(groupId).map(offsets -> List.copyOf(offsets.values()));
        }
        return store.fetch(groupId, partitions).map(found -> withMissing(found, partitions));
    }

    private static List<CommittedOffset> withMissing(SortedMap<TopicPartition, CommittedOffset> found,
                                                     List<TopicPartition> asked) {
        List<CommittedOffset> offsets = new ArrayList<>();
        for (TopicPartition partition : new TreeSet<>(asked)) {
            offsets.add(found.getOrDefault(partition, new CommittedOffset(partition, -1, "", 0)));
        }
        return offsets;
    }

    private void checkOffsets(List<CommittedOffset> offsets) {
        if (offsets.isEmpty()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "offsets: at least one partition must be committed");
        }
        checkCount(offsets.size());
        Set<TopicPartition> seen = new HashSet<>();
        for (CommittedOffset offset : offsets) {
            if (!seen.add(offset.partition())) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "offsets: " + offset.partition() + " appears twice");
            }
            if (offset.offset() < 0) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "offsets: offset " + offset.offset() + " of "
                        + offset.partition() + " is negative");
            }
            int metadataBytes = offset.metadata().getBytes(StandardCharsets.UTF_8).length;
            if (metadataBytes > config.maxOffsetMetadataBytes()) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "offsets: the metadata of " + offset.partition()
                        + " is " + metadataBytes + " bytes, above the limit of " + config.maxOffsetMetadataBytes());
            }
        }
    }

    private void checkCount(int count) {
        if (count > config.maxPartitionsPerRequest()) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "a request may name at most "
                    + config.maxPartitionsPerRequest() + " partitions, not " + count);
        }
    }
}
