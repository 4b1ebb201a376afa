package io.strata.coordinator.offsets;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.Objects;

/**
 * A group's committed position in one partition: the offset of the next record to consume.
 *
 * @param metadata          free text stored with it; empty when none
 * @param commitTimestampMs when it was stored (coordinator clock); 0 before it is
 */
public record CommittedOffset(TopicPartition partition, long offset, String metadata, long commitTimestampMs) {

    public CommittedOffset {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(metadata, "metadata");
    }
}
