package io.strata.node.identity;

import io.strata.api.identity.CallCredential;
import io.strata.api.identity.Caller;
import io.strata.api.identity.SecurityConfig;
import io.strata.node.config.NodeConfig;
import jakarta.inject.Singleton;

/**
 * The credential this node's outgoing internal calls carry (to the metadata service, other nodes'
 * replication, the group coordinator): role node, this node's id. Every channel the node opens to
 * another Strata service installs {@link #interceptor()}. Immutable after construction.
 */
@Singleton
public class NodeCredential {

    private final CallCredential interceptor;

    public NodeCredential(SecurityConfig security, NodeConfig node) {
        this.interceptor = CallCredential.of(security, Caller.node(node.id()));
    }

    public CallCredential interceptor() {
        return interceptor;
    }
}
