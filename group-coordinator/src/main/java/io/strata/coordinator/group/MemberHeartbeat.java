package io.strata.coordinator.group;

import io.strata.coordinator.assignment.TopicPartition;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One heartbeat of a member, decoded from the wire.
 *
 * @param memberId           empty when joining without an id of the member's own
 * @param memberEpoch        {@link #JOIN_EPOCH}, {@link #LEAVE_EPOCH}, {@link #STATIC_LEAVE_EPOCH} or the member's epoch
 * @param rebalanceTimeoutMs 0 for the coordinator's default
 * @param subscription       empty when unchanged (required on join)
 * @param owned              every partition the member owns now
 */
public record MemberHeartbeat(String memberId, int memberEpoch, Optional<String> instanceId, int rebalanceTimeoutMs,
                              Optional<Subscription> subscription, SortedSet<TopicPartition> owned) {

    public static final int JOIN_EPOCH = 0;
    public static final int LEAVE_EPOCH = -1;
    public static final int STATIC_LEAVE_EPOCH = -2;

    public MemberHeartbeat {
        Objects.requireNonNull(memberId, "memberId");
        owned = Collections.unmodifiableSortedSet(new TreeSet<>(owned));
    }
}
