package io.strata.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting of the group coordinator ({@code strata.coordinator.*}, env
 * {@code STRATA_COORDINATOR_*}). Two settings live apart because the launcher gives them to every
 * service under the same names: the database, {@code strata.database.url|username|password} (read
 * by {@link io.strata.coordinator.database.CoordinatorDatabase} before the datasources
 * start), and the metadata service, {@code strata.metadata-url} (read by
 * {@link io.strata.coordinator.metadata.MetadataServiceClient}).
 */
@ConfigMapping(prefix = "strata.coordinator")
public interface CoordinatorConfig {

    /** Where the service keeps its files; the embedded PostgreSQL (no database URL set) keeps its data in {@code <data-dir>/postgres}. */
    @WithDefault("data/group-coordinator")
    Path dataDir();

    /** A member without a heartbeat for this long is removed from its group (Kafka's group.consumer.session.timeout.ms). */
    @WithDefault("45s")
    Duration sessionTimeout();

    /** How often members are told to heartbeat (Kafka's group.consumer.heartbeat.interval.ms); below the session timeout. */
    @WithDefault("3s")
    Duration heartbeatInterval();

    /**
     * How often a member whose assignment is not yet its target is told to heartbeat (it has
     * partitions to give up, or waits for partitions others give up); at most the heartbeat interval.
     */
    @WithDefault("250ms")
    Duration reconcileHeartbeatInterval();

    /** How long a member may keep partitions it was asked to revoke when its heartbeat names no limit. */
    @WithDefault("60s")
    Duration rebalanceTimeout();

    /**
     * How long a group without members keeps its committed offsets after its last commit and after
     * its last member left (Kafka's offsets.retention.minutes, 7 days).
     */
    @WithDefault("7d")
    Duration offsetsRetention();

    /** How often the coordinator looks for groups whose offsets expired (Kafka's offsets.retention.check.interval.ms). */
    @WithDefault("10m")
    Duration offsetsRetentionCheckInterval();

    /** How often the coordinator looks for members whose session or rebalance timeout passed. */
    @WithDefault("1s")
    Duration expiryCheckInterval();

    /** How many assignment events each group keeps in memory (for AssignmentHistory). */
    @WithDefault("10000")
    int historyLimit();

    /** The most partitions one CommitOffsets, FetchOffsets, ResetOffsets or DeleteOffsets request may name. */
    @WithDefault("10000")
    int maxPartitionsPerRequest();

    /** The longest metadata string stored with a committed offset, in UTF-8 bytes (Kafka's offset.metadata.max.bytes). */
    @WithDefault("4096")
    int maxOffsetMetadataBytes();

    /** How long a REST consumer instance lives without activity when its creator names no limit. */
    @WithDefault("5m")
    Duration consumerInstanceIdleTimeout();

    /** How often the coordinator deletes idle REST consumer instances. */
    @WithDefault("10s")
    Duration consumerInstanceCheckInterval();

    /** Deadline of each ListOffsets call to a partition leader (describe with lag, offset reset). */
    @WithDefault("10s")
    Duration listOffsetsTimeout();

    /**
     * How many ListOffsets calls one group's describe with lag has in flight at once. Starting all
     * of a large group's calls at once held an event loop for seconds (900 partitions on a loaded
     * machine: 22 s, and the heartbeats queued behind it let sessions expire).
     */
    @WithDefault("32")
    int lagConcurrency();

    /** How long the metadata watch waits before resubscribing after its stream broke. */
    @WithDefault("1s")
    Duration watchRetry();

    /**
     * How often the consumer group lag and rebalance metrics of {@code /q/metrics} are recomputed
     * (each round describes every group with its log end offsets, one ListOffsets per partition).
     */
    @WithDefault("15s")
    Duration metricsRefreshInterval();

    /**
     * The most groups whose lag is published, by group id order: bounds the series count and the
     * work of a round; groups beyond it are left out (and counted in strata_coordinator_groups).
     */
    @WithDefault("1000")
    int metricsMaxGroups();

    /**
     * Not live once a Vert.x event loop (which serves gRPC and HTTP) has not run a scheduled task
     * for this long: the loop is blocked and only a restart helps.
     */
    @WithDefault("30s")
    Duration eventLoopStallAfter();

    /** How often each event loop is given the small task that proves it runs. */
    @WithDefault("1s")
    Duration eventLoopProbeInterval();
}
