package io.strata.node.balance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the automatic balance the controller runs when a node joins
 * ({@code strata.node.auto-balance.*}; as environment variables e.g.
 * {@code STRATA_NODE_AUTO_BALANCE_ENABLED}). Read by the node that is the controller; give every
 * node the same values, since any of them may become it.
 */
@ConfigMapping(prefix = "strata.node.auto-balance")
public interface AutoBalanceConfig {

    /** Whether the controller moves replicas and preferred leaderships onto a node that joins with less than its share. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The most partitions one batch of the balance moves; the next batch waits until no partition
     * of the cluster is being reassigned, so this bounds the balance moves in flight.
     */
    @WithDefault("10")
    int maxMoves();
}
