package io.strata.coordinator.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a member stands in reconciling towards its target assignment. {@link GroupState} owns the
 * transitions and checks each against {@link #canMoveTo}.
 */
public enum MemberState {
    /** Owns exactly its target assignment. */
    STABLE,
    /** Was asked to give up partitions and has not yet released them all: gets nothing new meanwhile. */
    UNREVOKED_PARTITIONS,
    /** Waits for target partitions that other members still own. */
    UNRELEASED_PARTITIONS,
    /** A static member that left with epoch −2: its partitions wait for it until its session ends. */
    DEPARTED;

    /** The states a member in this state may move to (staying is always allowed). */
    public Set<MemberState> next() {
        return switch (this) {
            case STABLE, UNRELEASED_PARTITIONS -> EnumSet.of(STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS, DEPARTED);
            case UNREVOKED_PARTITIONS -> EnumSet.of(STABLE, UNREVOKED_PARTITIONS, UNRELEASED_PARTITIONS, DEPARTED);
            case DEPARTED -> EnumSet.of(DEPARTED);
        };
    }

    public boolean canMoveTo(MemberState target) {
        return next().contains(target);
    }
}
