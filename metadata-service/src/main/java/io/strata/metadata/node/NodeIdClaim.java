package io.strata.metadata.node;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * The node id ownership rule, as Kafka's broker registration with incarnation ids (KIP-631): a
 * node id belongs to one incarnation of the node (one data directory) at a time.
 *
 * <p>A registration is refused while another incarnation holds the id and is live (UP with its
 * lease current): two processes configured with the same id, or anyone re-pointing a live node's
 * id at another address, must not take over its traffic. The same incarnation may register again
 * at any time (a restart, a stale registration); once the holder's lease has run out any
 * incarnation may take the id (a node rebuilt on a new disk). A holder registered without an
 * incarnation (a node older than incarnations) can be taken over by any; a claimant without one
 * cannot take a live holder's id. Pure logic, immutable.
 *
 * @param holderIncarnation the incarnation that holds the id; empty when none is known
 * @param holderLive        whether the holder is UP with its lease current
 */
public record NodeIdClaim(String holderIncarnation, boolean holderLive) {

    /** The claim of an id nobody has registered. */
    public static final NodeIdClaim FREE = new NodeIdClaim("", false);

    /** The claim of a stored node at {@code nowMs}. */
    public static NodeIdClaim of(Node holder, long nowMs, long leaseMs) {
        return holder == null ? FREE : new NodeIdClaim(holder.incarnationId == null ? "" : holder.incarnationId,
                holder.live(nowMs, leaseMs));
    }

    /** @throws StrataException DUPLICATE_BROKER_REGISTRATION when {@code incarnation} may not take {@code nodeId} now */
    public void check(int nodeId, String incarnation, long leaseMs) {
        if (holderLive && !holderIncarnation.isEmpty() && !holderIncarnation.equals(incarnation)) {
            throw new StrataException(ErrorCode.DUPLICATE_BROKER_REGISTRATION, "node_id: node " + nodeId
                    + " is registered by another live incarnation (" + holderIncarnation + ", this is '" + incarnation + "')"
                    + ": two nodes are configured with id " + nodeId + "; this one may take it once the other's"
                    + " lease (" + leaseMs + " ms) has run out");
        }
    }
}
