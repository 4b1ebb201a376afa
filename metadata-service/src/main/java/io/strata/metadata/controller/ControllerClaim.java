package io.strata.metadata.controller;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * The controller epoch rule. The controller is the raft leader among partition nodes and its
 * epoch is its raft term: raft gives each term at most one leader, and a newer term supersedes
 * every older one. So a claim with a higher epoch wins; the same epoch is accepted only from the
 * node that holds it; a lower epoch is stale.
 *
 * <p>A higher epoch must also be one raft can have reached: raft terms grow by one per election
 * round, so while the holder is live (its lease current) the next controller's term lies a few
 * rounds above the holder's, never far. A claim more than {@code maxEpochJump} above the current
 * epoch while the holder is live is refused: it cannot be a raft term, and accepting it would
 * depose the real controller until raft's term caught up with it (the "huge epoch" attack). Once
 * the holder's lease has run out any higher epoch is taken, so a cluster whose terms ran far ahead
 * while the metadata service was unreachable still gets a controller.
 *
 * <p>Invariant: while the holder is live, the stored epoch grows by at most {@code maxEpochJump}
 * per accepted claim. Pure logic, immutable.
 *
 * @param epoch      the current controller epoch (0 before any claim)
 * @param nodeId     the controller, or −1 before any claim
 * @param holderLive whether the controller's node is registered, UP and its lease current
 */
public record ControllerClaim(long epoch, int nodeId, boolean holderLive) {

    /**
     * Whether a request from {@code claimant} at {@code claimEpoch} makes a new claim (true) or
     * repeats the current one (false).
     *
     * @param maxEpochJump how far above the current epoch a claim may lie while the holder is live
     */
    public boolean check(int claimant, long claimEpoch, long maxEpochJump) {
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
        if (holderLive && claimEpoch - epoch > maxEpochJump) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "controller_epoch: " + claimEpoch + " is more than "
                    + maxEpochJump + " above the current controller epoch " + epoch + " of live node " + nodeId
                    + " (strata.metadata.controller-max-epoch-jump): it cannot be a raft term");
        }
        return claimEpoch > epoch;
    }
}
