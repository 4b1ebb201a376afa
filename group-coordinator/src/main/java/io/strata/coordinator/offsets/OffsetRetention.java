package io.strata.coordinator.offsets;

import io.strata.coordinator.group.GroupPresence;

import java.time.Duration;

/**
 * When a group's committed offsets expire, as Kafka's {@code offsets.retention.minutes} (KIP-211):
 * never while the group has members; once it has none, when the retention has passed both since
 * its newest commit and since its last member left. A group this coordinator holds no state for
 * (standalone consumers that only commit, or any group after a coordinator restart, which forgets
 * members) is judged by its newest commit alone; members of a live group rejoin within a heartbeat
 * of a restart, long before the first expiry check.
 *
 * <p>Invariant: offsets are never expired while a member exists, nor within {@code retention} of a
 * commit or of the group becoming empty. All of a group's offsets go together, so a group never
 * resumes half from its offsets and half from {@code auto.offset.reset}. Pure; immutable.
 */
public record OffsetRetention(Duration retention) {

    public OffsetRetention {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("strata.coordinator.offsets-retention must be positive, got " + retention);
        }
    }

    /** Whether the group's offsets, the newest committed at {@code newestCommitMs}, have expired at {@code nowMs}. */
    public boolean expired(GroupPresence presence, long newestCommitMs, long nowMs) {
        if (presence instanceof GroupPresence.Active) {
            return false;
        }
        long lastActivityMs = presence instanceof GroupPresence.EmptySince empty
                ? Math.max(newestCommitMs, empty.sinceMs()) : newestCommitMs;
        return nowMs - lastActivityMs >= retention.toMillis();
    }
}
