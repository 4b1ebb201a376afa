package io.strata.metadata.node;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdClaimTest {

    private static final long LEASE_MS = 10_000;

    @Test
    void aSecondLiveIncarnationIsRefused() {
        assertThatThrownBy(() -> new NodeIdClaim("a", true).check(1, "b", LEASE_MS))
                .isInstanceOf(StrataException.class)
                .satisfies(e -> assertThat(((StrataException) e).code()).isEqualTo(ErrorCode.DUPLICATE_BROKER_REGISTRATION))
                .hasMessageContaining("node_id: node 1 is registered by another live incarnation (a, this is 'b')")
                .hasMessageContaining("once the other's lease (10000 ms) has run out");
        assertThatThrownBy(() -> new NodeIdClaim("a", true).check(1, "", LEASE_MS))
                .as("a claimant without an incarnation cannot take a live holder's id")
                .hasMessageContaining("this is ''");
    }

    @Test
    void theSameIncarnationMayRegisterAgainAndAnExpiredIdIsFree() {
        new NodeIdClaim("a", true).check(1, "a", LEASE_MS);
        new NodeIdClaim("a", false).check(1, "b", LEASE_MS);
        NodeIdClaim.FREE.check(1, "b", LEASE_MS);
        new NodeIdClaim("", true).check(1, "b", LEASE_MS);
    }

    @Test
    void aStoredNodeIsLiveWhileUpWithinItsLease() {
        Node node = new Node();
        node.state = Node.State.UP;
        node.lastHeartbeatMs = 1_000;
        node.incarnationId = "a";
        assertThat(NodeIdClaim.of(node, 11_000, LEASE_MS)).isEqualTo(new NodeIdClaim("a", true));
        assertThat(NodeIdClaim.of(node, 11_001, LEASE_MS)).isEqualTo(new NodeIdClaim("a", false));
        node.state = Node.State.DOWN;
        assertThat(NodeIdClaim.of(node, 2_000, LEASE_MS).holderLive()).isFalse();
        assertThat(NodeIdClaim.of(null, 2_000, LEASE_MS)).isEqualTo(NodeIdClaim.FREE);
    }
}
