package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The answer to a heartbeat: the member's id and epoch and what it should own now.
 *
 * @param assignment empty after a leave
 */
public record HeartbeatResult(String memberId, int memberEpoch, SortedSet<TopicPartition> assignment,
                              int heartbeatIntervalMs, int sessionTimeoutMs) {

    public HeartbeatResult {
        assignment = Collections.unmodifiableSortedSet(new TreeSet<>(assignment));
    }
}
