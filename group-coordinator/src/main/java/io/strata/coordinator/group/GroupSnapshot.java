package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A group at one moment, immutable: what DescribeGroups shows.
 *
 * @param members ordered by member id
 * @param target  member id → its target assignment
 * @param owners  partition → the member owning it (assigned or pending revocation)
 */
public record GroupSnapshot(String groupId, State state, int groupEpoch, int assignmentEpoch, List<Member> members,
                            SortedMap<String, SortedSet<TopicPartition>> target, Map<TopicPartition, String> owners) {

    public enum State {
        /** No members. */
        EMPTY,
        /** Some member does not hold exactly its target yet. */
        RECONCILING,
        /** Every member holds exactly its target. */
        STABLE
    }
}
