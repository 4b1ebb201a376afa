package io.strata.node.replication;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of replication between nodes ({@code strata.node.replication.*}; as environment
 * variables e.g. {@code STRATA_NODE_REPLICATION_FETCH_MAX_BYTES}). The older per-fetch settings
 * ({@code strata.node.replica-fetch-*}) stay in the node's own config.
 */
@ConfigMapping(prefix = "strata.node.replication")
public interface ReplicationConfig {

    /** Kafka's {@code replica.fetch.response.max.bytes}, and its default. */
    int DEFAULT_FETCH_MAX_BYTES = 10 * 1024 * 1024;

    /**
     * The most record bytes in one ReplicaFetch answer, over all its partitions (Kafka's
     * {@code replica.fetch.response.max.bytes}): a follower sends it with each request, and a
     * leader uses its own value for a request that carries none. The leader stops adding
     * partitions once the answer reaches it, but always answers the first partition with data
     * with at least one batch, so an answer may pass it by at most one batch.
     */
    @WithDefault("10485760")
    int fetchMaxBytes();
}
