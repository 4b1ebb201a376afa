package io.strata.gateway.fetch;

import io.strata.api.identity.ClusterCredential;
import io.strata.api.identity.SecurityConfig;
import io.strata.api.tls.InternalChannels;
import io.strata.gateway.config.GatewayConfig;

import java.util.Optional;

/**
 * Whether this gateway's FetchPartitions answers name the leaders' addresses
 * ({@code leader_addresses}), so that the Java client sends its next FetchPartitions to the leader
 * itself, one hop instead of two ({@code strata.gateway.direct-fetch}). The one place that decides.
 *
 * <p>Offered only when nothing would be lost by the client going past the gateway: with
 * authentication or ACLs on the gateway, every read must stay behind its checks; with a cluster
 * secret, a node refuses a call without the cluster credential, which a client never has; with TLS
 * to the nodes, the client would have to trust the cluster CA. Not offered, the client reads
 * through the gateway as before.
 *
 * <p>Decided once, from the settings at start. Immutable and thread-safe.
 */
public final class DirectFetchOffer {

    private final Optional<String> refusal;

    private DirectFetchOffer(Optional<String> refusal) {
        this.refusal = refusal;
    }

    /** The decision of this gateway's settings. */
    public static DirectFetchOffer of(GatewayConfig config, SecurityConfig security, InternalChannels nodeChannels) {
        return decide(config.directFetch(), config.auth().enabled(), config.acl().enabled(),
                ClusterCredential.of(security).isPresent(), nodeChannels.tls());
    }

    /**
     * @param enabled        {@code strata.gateway.direct-fetch}
     * @param authentication {@code strata.gateway.auth.enabled}
     * @param acls           {@code strata.gateway.acl.enabled}
     * @param clusterSecret  whether {@code strata.security.cluster-secret} is set
     * @param tls            whether the gateway's channels to the nodes speak TLS ({@code strata.tls.ca-file})
     * @return offered when {@code enabled} and none of the others; else not, naming the first reason
     */
    public static DirectFetchOffer decide(boolean enabled, boolean authentication, boolean acls, boolean clusterSecret,
                                          boolean tls) {
        if (!enabled) {
            return refused("strata.gateway.direct-fetch is false");
        }
        if (authentication) {
            return refused("strata.gateway.auth.enabled is true: every read must pass the gateway's authentication");
        }
        if (acls) {
            return refused("strata.gateway.acl.enabled is true: every read must pass the gateway's ACLs");
        }
        if (clusterSecret) {
            return refused("strata.security.cluster-secret is set: the nodes refuse calls without the cluster credential");
        }
        if (tls) {
            return refused("strata.tls.ca-file is set: the nodes speak TLS, and the client would have to trust their certificates");
        }
        return new DirectFetchOffer(Optional.empty());
    }

    private static DirectFetchOffer refused(String reason) {
        return new DirectFetchOffer(Optional.of(reason));
    }

    /** Whether answers carry {@code leader_addresses}. */
    public boolean offered() {
        return refusal.isEmpty();
    }

    /** Why not offered (the first reason found); empty when offered. */
    public Optional<String> refusal() {
        return refusal;
    }

    /** The line logged at start. */
    public String describe() {
        return refusal.map(reason -> "FetchPartitions answers name no leader addresses (" + reason
                        + "); consumers read through the gateway")
                .orElse("FetchPartitions answers name the leaders' addresses (strata.gateway.direct-fetch):"
                        + " the Java client reads from the leaders directly");
    }
}
