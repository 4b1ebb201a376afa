package io.strata.node.election;

/**
 * This node's part in controlling the cluster. {@link Controller} owns the transitions:
 * <pre>
 *   Standby  --raft leader in term T-->  Claiming(T)
 *   Claiming(T) --ClaimController(T) accepted-->  Acting(T)
 *   Claiming(T) | Acting(T) --STALE_CONTROLLER_EPOCH-->  Deposed(T)
 *   any --no longer raft leader-->  Standby
 * </pre>
 * Only {@link Acting} elects leaders.
 */
sealed interface ControllerRole {

    /** Not the raft leader: watches, decides nothing. */
    record Standby() implements ControllerRole {
    }

    /** The raft leader in {@code term}, claiming the controller epoch {@code term} (retried until answered). */
    record Claiming(long term) implements ControllerRole {
    }

    /** The controller at {@code epoch}: the metadata service accepted the claim. */
    record Acting(long epoch) implements ControllerRole {
    }

    /** Still the raft leader in {@code term}, but the metadata holds a newer controller epoch: stays idle. */
    record Deposed(long term) implements ControllerRole {
    }
}
