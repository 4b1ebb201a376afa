package io.strata.api.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Service identity settings, the same in every service ({@code strata.security.*}).
 */
@ConfigMapping(prefix = "strata.security")
public interface SecurityConfig {

    /**
     * The cluster secret every service shares (env {@code STRATA_SECURITY_CLUSTER_SECRET}), at
     * least {@value ClusterCredential#MIN_SECRET_LENGTH} characters. When set, every internal
     * call carries a credential made with it and every internal RPC without a valid one is
     * refused with UNAUTHENTICATED. Unset: internal RPCs are open to anyone who can reach the
     * port (a warning at start says so).
     */
    Optional<String> clusterSecret();

    /**
     * How far a credential's issue time may lie from the receiver's clock, either way: the bound
     * on clock skew between services and on how long a captured credential can be replayed.
     */
    @WithDefault("5m")
    Duration credentialMaxAge();
}
