package io.strata.kafka.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the bridge knows of one classic (JoinGroup/SyncGroup) member hosted in a coordinator group.
 * Immutable: a new value replaces the old one after every step.
 *
 * <p>Invariants: {@code given ⊆ owned}; {@code owned} is exactly what the client may hold (what it
 * was given in SyncGroup and has not given up by rejoining), and it is what the bridge reports to
 * the coordinator as owned. {@code coordinatorEpoch == 0} means the coordinator does not (any
 * longer) count this member: the next JoinGroup joins afresh, and then {@code owned} is empty.
 *
 * @param instanceId       the static member's {@code group.instance.id}; null for a dynamic member
 * @param generation       the generation answered in the last JoinGroup; −1 before one or after a reset
 * @param coordinatorEpoch the member epoch of the coordinator's last answer (what commits carry)
 * @param latest           the coordinator's last assignment answer: what SyncGroup hands out next
 * @param given            what the last SyncGroup handed out
 * @param owned            what the client may hold: reported to the coordinator in every heartbeat
 * @param awaitingSync     joined, and SyncGroup not yet answered
 * @param assignmentVersion the ConsumerProtocol version the client's subscription came in: its
 *                         assignment is encoded at that version
 */
record ClassicMember(String groupId, String memberId, String instanceId, String clientId, String clientHost,
                     List<String> topics, String protocolName, short assignmentVersion,
                     int rebalanceTimeoutMs, int sessionTimeoutMs, int generation, int coordinatorEpoch,
                     Set<TopicPartition> latest, Set<TopicPartition> given, Set<TopicPartition> owned,
                     boolean awaitingSync, long lastSeenMs) {

    ClassicMember {
        Objects.requireNonNull(groupId);
        Objects.requireNonNull(memberId);
        topics = List.copyOf(topics);
        latest = Set.copyOf(latest);
        given = Set.copyOf(given);
        owned = Set.copyOf(owned);
        if (!owned.containsAll(given)) {
            throw new IllegalStateException("member " + memberId + " of group " + groupId
                    + " was given " + given + " but is reported to own only " + owned);
        }
    }

    Optional<String> staticId() {
        return Optional.ofNullable(instanceId);
    }

    /** The member as the coordinator no longer counts it: it must join afresh and holds nothing. */
    ClassicMember reset(long nowMs) {
        return new ClassicMember(groupId, memberId, instanceId, clientId, clientHost, topics, protocolName,
                assignmentVersion, rebalanceTimeoutMs, sessionTimeoutMs, -1, 0, Set.of(), Set.of(), Set.of(),
                false, nowMs);
    }

    /** After a coordinator answer to a heartbeat (not a join): its epoch and assignment. */
    ClassicMember answered(int epoch, Set<TopicPartition> assignment, long nowMs) {
        return new ClassicMember(groupId, memberId, instanceId, clientId, clientHost, topics, protocolName,
                assignmentVersion, rebalanceTimeoutMs, sessionTimeoutMs, generation, epoch, assignment, given, owned,
                awaitingSync, nowMs);
    }

    /** SyncGroup hands out the latest assignment; the client may now hold it too. */
    ClassicMember synced(long nowMs) {
        return new ClassicMember(groupId, memberId, instanceId, clientId, clientHost, topics, protocolName,
                assignmentVersion, rebalanceTimeoutMs, sessionTimeoutMs, generation, coordinatorEpoch, latest, latest,
                PartitionSets.union(owned, latest), false, nowMs);
    }
}
