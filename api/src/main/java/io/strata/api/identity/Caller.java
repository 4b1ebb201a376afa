package io.strata.api.identity;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * The authenticated maker of an internal call: a role and, for a partition node, its node id.
 * Immutable.
 *
 * @param role   what kind of service calls
 * @param nodeId the calling partition node's id; {@link #NO_NODE} for other roles
 */
public record Caller(Role role, int nodeId) {

    public static final int NO_NODE = -1;

    public Caller {
        if (role == null) {
            throw new IllegalArgumentException("role is null");
        }
        if (role == Role.NODE ? nodeId < 0 : nodeId != NO_NODE) {
            throw new IllegalArgumentException(role == Role.NODE
                    ? "node id " + nodeId + " is negative" : "a " + role + " caller has no node id, got " + nodeId);
        }
    }

    public static Caller node(int nodeId) {
        return new Caller(Role.NODE, nodeId);
    }

    public static Caller gateway() {
        return new Caller(Role.GATEWAY, NO_NODE);
    }

    public static Caller coordinator() {
        return new Caller(Role.COORDINATOR, NO_NODE);
    }

    /**
     * Checks that this caller is partition node {@code nodeId}: a node acts only as itself (it
     * registers, heartbeats, claims and changes ISRs under its own id).
     *
     * @param field the request field that names the node, for the message
     * @throws StrataException CLUSTER_AUTHORIZATION_FAILED naming both ids
     */
    public void checkIsNode(int nodeId, String field) {
        if (role != Role.NODE || this.nodeId != nodeId) {
            throw new StrataException(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, field + ": " + this
                    + " may not act as node " + nodeId + "; a node acts only under its own id");
        }
    }

    @Override
    public String toString() {
        return role == Role.NODE ? "node " + nodeId : role.name().toLowerCase(java.util.Locale.ROOT);
    }
}
