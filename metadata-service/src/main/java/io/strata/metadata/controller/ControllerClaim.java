package io.strata.metadata.controller;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * The controller epoch rule. The controller is the raft leader among partition nodes and its
 * epoch is its raft term: raft gives each term at most one leader, and a newer term supersedes
 * every older one. So a claim with a higher epoch always wins; the same epoch is accepted only
 * from the node that holds it; a lower epoch is stale. Pure logic.
 *
 * @param epoch  the current controller epoch (0 before any claim)
 * @param nodeId the controller, or −1 before any claim
 */
public record ControllerClaim(long epoch, int nodeId) {

    /** Whether a request from {@code claimant} at {@code claimEpoch} makes a new claim (true) or repeats the current one (false). */
    public boolean check(int claimant, long claimEpoch) {
        if (claimEpoch < 1) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "controller_epoch: " + claimEpoch + " is less than 1");
        }
        if (claimEpoch < epoch) {
            throw new StrataException(ErrorCode.STALE_CONTROLLER_EPOCH, "controller_epoch: " + claimEpoch
                    + " is older than the current controller epoch " + epoch + " (held by node " + nodeId + ")");
        }
        if (claimEpoch == epoch && claimant != nodeId) {
            throw new StrataException(ErrorCode.STALE_CONTROLLER_EPOCH, "controller_epoch: " + claimEpoch
                    + " is already held by node " + nodeId + ", not node " + claimant);
        }
        return claimEpoch > epoch;
    }
}
