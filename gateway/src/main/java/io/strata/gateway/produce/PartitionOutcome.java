package io.strata.gateway.produce;

import io.strata.api.error.StrataException;

/**
 * What became of one partition's share of a produce request: the offset of each of its records
 * (in the order they were given; −1 when not known: acks=0 or not appended), or the failure that
 * stopped it. A failure stops the partition's later appends (so order is kept), but appends made
 * before it stay: {@code appended} says how many records got in.
 */
public record PartitionOutcome(int partition, long[] offsets, int appended, StrataException failure) {

    public boolean failed() {
        return failure != null;
    }
}
