package io.strata.gateway.routing;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which failures of a routed call are worth another attempt, and how long to wait before it.
 *
 * <p>Retried: the codes that mean "this node cannot take the request now, another one (or this
 * one in a moment) can" — the node is at its in-flight bound (THROTTLED: nothing was written), the leader moved, the partition has no leader yet, the node is down or
 * unreachable, or the node has not yet created the replica the metadata already shows (a topic a
 * second old). Everything else (bad input, offsets out of range, too large) fails at once.
 *
 * <p>A call cut off by a broken connection (NODE_NOT_AVAILABLE), and one answered
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND (written, but the ISR fell below min.insync.replicas while it
 * waited), may have been appended: its retry can write the records a second time. Idempotent producers (producer id and
 * sequence in the batch, as the gateway's own batches carry: {@code SequencedAppends}) let the
 * leader recognise such a retry and answer it with the original offsets.
 */
public record RetryPolicy(Duration backoff, Duration maxBackoff) {

    private static final Set<ErrorCode> RETRIABLE = EnumSet.of(
            ErrorCode.NOT_LEADER_OR_FOLLOWER,
            ErrorCode.LEADER_NOT_AVAILABLE,
            ErrorCode.NODE_NOT_AVAILABLE,
            ErrorCode.REPLICA_NOT_AVAILABLE,
            ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
            ErrorCode.FENCED_LEADER_EPOCH,
            ErrorCode.UNKNOWN_LEADER_EPOCH,
            ErrorCode.NOT_ENOUGH_REPLICAS,
            ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            ErrorCode.THROTTLED);

    /**
     * Whether to try again. UNKNOWN_TOPIC_OR_PARTITION is retried only when it came from a node
     * ({@code fromNode}): the gateway's own cache saying so is final.
     */
    public boolean retriable(StrataException failure, boolean fromNode) {
        if (failure.code() == ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
            return fromNode;
        }
        return RETRIABLE.contains(failure.code());
    }

    /** The wait before attempt {@code attempt} (1 = the first retry): doubling from backoff, at most maxBackoff. */
    public Duration backoff(int attempt) {
        long ms = backoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
