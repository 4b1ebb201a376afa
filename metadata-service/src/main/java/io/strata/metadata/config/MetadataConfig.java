package io.strata.metadata.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the metadata service ({@code strata.metadata.*}). The database is configured
 * apart, by {@code strata.database.url|username|password} (read by
 * {@link io.strata.metadata.database.MetadataDatabase}, because it must be known before
 * the datasources start).
 */
@ConfigMapping(prefix = "strata.metadata")
public interface MetadataConfig {

    /** Where the service keeps its files; the embedded PostgreSQL keeps its data in {@code <data-dir>/postgres}. */
    @WithDefault("data/metadata")
    Path dataDir();

    /** How long a node stays UP after its last heartbeat (or registration). */
    @WithDefault("10s")
    Duration lease();

    /** How often the service looks for nodes whose lease ran out. */
    @WithDefault("1s")
    Duration leaseCheckInterval();

    /**
     * How often this instance reads the head version even without a notification (the bound on
     * how late a change can reach a watcher when a PostgreSQL notification is lost). One query per
     * interval for the instance, however many watches it serves.
     */
    @WithDefault("1s")
    Duration watchPollInterval();

    /** The most changes a watch reads from the change log in one query. */
    @WithDefault("500")
    int watchBatchSize();

    /** How many of the latest changes the change log keeps; a watcher further behind gets a snapshot. */
    @WithDefault("100000")
    int changeLogRetention();

    /** Partition count of a topic created without one. */
    @WithDefault("1")
    int defaultPartitions();

    /** Replication factor of a topic created without one. */
    @WithDefault("1")
    int defaultReplicationFactor();

    /** The largest partition count a topic may have. */
    @WithDefault("10000")
    int maxPartitionsPerTopic();

    /**
     * How far above the current controller epoch a ClaimController or ElectLeaders epoch may lie
     * while the current controller is live: raft terms grow by one per election round, so a
     * bigger jump cannot be a raft term (see ControllerClaim). Once the controller's lease has run
     * out any higher epoch is accepted.
     */
    @WithDefault("100")
    long controllerMaxEpochJump();

    /** The most leader elections one ElectLeaders request may carry. */
    @WithDefault("10000")
    int maxElectionsPerRequest();

    /** The most partition ISR changes one AlterPartitions request may carry. */
    @WithDefault("10000")
    int maxIsrChangesPerRequest();

    /** The most partitions one AlterPartitionReassignments request may name. */
    @WithDefault("10000")
    int maxReassignmentsPerRequest();

    /** Size of a producer id block when the caller does not ask for one. */
    @WithDefault("1000")
    int producerIdBlock();

    /** The largest producer id block a caller may ask for. */
    @WithDefault("100000")
    int maxProducerIdBlock();

    /**
     * Static cluster defaults for topic configs, overriding Kafka's defaults, e.g.
     * {@code strata.metadata.topic-defaults."retention.ms"=86400000}. Checked at start-up like a
     * topic's own configs; those set at run time (AlterClusterConfigs) override them, and every
     * node receives both in the metadata watch.
     */
    Map<String, String> topicDefaults();

    /**
     * Not live once a Vert.x event loop (which serves gRPC and HTTP) has not run a scheduled task
     * for this long: the loop is blocked and only a restart helps.
     */
    @WithDefault("30s")
    Duration eventLoopStallAfter();

    /** How often each event loop is given the small task that proves it runs. */
    @WithDefault("1s")
    Duration eventLoopProbeInterval();

    /** The SCRAM credentials of the Kafka listener's users ({@code strata.metadata.scram.*}). */
    Scram scram();

    /** {@code strata.metadata.scram.*}: bounds on stored credentials and the first user. */
    interface Scram {

        /** The fewest iterations a credential may have (Kafka's bound; RFC 7677 asks for 4096). */
        @WithDefault("4096")
        int minIterations();

        /** The most iterations a credential may have (Kafka's bound: every login pays for them). */
        @WithDefault("16384")
        int maxIterations();

        /**
         * A user made at start-up, with SCRAM-SHA-256 and SCRAM-SHA-512 credentials of
         * {@code bootstrap-password}, when it has none yet (an existing credential is never
         * overwritten, so a password changed later with kafka-configs stays changed). The way to
         * the first login on a cluster with SASL on. Env {@code STRATA_METADATA_SCRAM_BOOTSTRAP_USER}.
         */
        Optional<String> bootstrapUser();

        /** The bootstrap user's password; env {@code STRATA_METADATA_SCRAM_BOOTSTRAP_PASSWORD}. Never stored or logged. */
        Optional<String> bootstrapPassword();

        /** Iterations of the bootstrap user's credentials. */
        @WithDefault("8192")
        int bootstrapIterations();
    }
}
