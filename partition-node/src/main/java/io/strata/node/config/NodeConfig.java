package io.strata.node.config;

import io.strata.api.acl.AclSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * Settings of a partition node ({@code strata.node.*}; each can be given as an environment
 * variable, e.g. {@code STRATA_NODE_DATA_DIR}). The gRPC and HTTP port is {@code quarkus.http.port}.
 */
@ConfigMapping(prefix = "strata.node")
public interface NodeConfig {

    /** This node's id, unique in the cluster. */
    @WithDefault("1")
    int id();

    /** The directory that holds one sub-directory per replica ({@code <topic>-<partition>}). */
    @WithDefault("data/partition-node")
    Path dataDir();

    /** The most segment and index files kept open at once, across all replicas. */
    @WithDefault("4096")
    int maxOpenFiles();

    /** How often closed segments past retention.ms or retention.bytes are looked for. */
    @WithDefault("30s")
    Duration retentionCheckInterval();

    /**
     * How often each replica's high watermark is written to its {@code high-watermark} file (Kafka's
     * replica.high.watermark.checkpoint.interval.ms). A restarted node starts from it instead of 0,
     * so its consumers see the records they saw before at once, not after the followers' next fetch.
     */
    @WithDefault("5s")
    Duration highWatermarkCheckpointInterval();

    /** How often flush.ms is checked and segments closed since the last flush are fsynced. */
    @WithDefault("1s")
    Duration flushCheckInterval();

    /** The longest a fetch may wait for data, whatever its max_wait_ms says. */
    @WithDefault("30s")
    Duration maxFetchWait();

    /** The largest fetch answer, whatever its max_bytes says (at least one batch is always sent). */
    @WithDefault("16777216")
    int maxFetchBytes();

    /** How long an acks=all append waits for the in-sync replicas when the request gives no timeout. */
    @WithDefault("30s")
    Duration appendTimeout();

    /**
     * The most acks=all appends waiting for their replicas at once on this node, over all its
     * replicas; beyond it an acks=all append is refused, before it is written, with THROTTLED
     * (retriable).
     */
    @WithDefault("10000")
    int maxAckWaiters();

    /**
     * A follower that has not caught up with its leader for this long leaves the ISR (Kafka's
     * {@code replica.lag.time.max.ms}).
     */
    @WithDefault("30s")
    Duration replicaLagTimeMax();

    /** How long a follower's fetch waits at the leader when there is nothing new. */
    @WithDefault("500ms")
    Duration replicaFetchWait();

    /** The most bytes a follower fetches per partition per request. */
    @WithDefault("1048576")
    int replicaFetchBytes();

    /**
     * How long a follower waits before trying a partition again after it failed (the leader
     * refused it, or its truncation or append failed here), doubled per consecutive failure;
     * the other partitions go on meanwhile. The fixed wait after a refusal that passes once the
     * leader catches up with the metadata, and after a failed fetch request.
     */
    @WithDefault("200ms")
    Duration replicaFetchBackoff();

    /** The longest wait between a failing partition's (or unreachable leader's) fetch attempts. */
    @WithDefault("10s")
    Duration replicaFetchBackoffMax();

    /**
     * The byte rate at which this node copies partitions it is being added to by a reassignment,
     * until it is in their ISR (Kafka's follower.replication.throttled.rate); in-sync followers are
     * never throttled. 2^63−1 (the default): no limit.
     */
    @WithDefault("9223372036854775807")
    long reassignmentThrottleBytesPerSecond();

    /**
     * The most bytes a leader decompresses to check the records of one compressed batch (gzip,
     * snappy, lz4, zstd); a batch whose records decompress to more is refused with
     * MESSAGE_TOO_LARGE, so a small "compression bomb" costs bounded memory and CPU.
     */
    @WithDefault("67108864")
    long maxDecompressedBatchBytes();

    /** The fetch answer size when a request gives no max_bytes. */
    @WithDefault("1048576")
    int defaultFetchBytes();

    /**
     * The metadata service, e.g. {@code http://127.0.0.1:8081}. When set, the node registers
     * there, heartbeats, and creates and deletes replicas as the metadata assigns them; when not
     * set, the node stands alone and replicas are made with the CreateReplica RPC.
     */
    Optional<String> metadataUrl();

    /** The host other nodes and the gateway reach this node at; the port is the HTTP/gRPC port. */
    @WithDefault("127.0.0.1")
    String advertisedHost();

    /**
     * The port other nodes and the gateway reach this node at, when that is not the HTTP/gRPC port
     * it listens on (behind a port-forwarding proxy or NAT; the fault suite puts a proxy there to
     * cut the node off from its peers). Unset: the HTTP/gRPC port.
     */
    Optional<Integer> advertisedPort();

    /** This node's failure domain, for rack-aware replica placement. */
    Optional<String> rack();

    /**
     * Topic config defaults for replicas created without them, by Kafka name, e.g.
     * {@code strata.node.topic-defaults."retention.ms"=86400000}. Unset keys take Kafka's defaults.
     */
    Map<String, String> topicDefaults();

    /**
     * Most bytes of Append requests this node handles at once (decoded, validated, waiting for
     * acks). An Append beyond it is refused at once with THROTTLED, before anything is written, so
     * the sender backs off and retries (the gateway does, within its request's time). One Append is
     * always let in when none is in flight, whatever its size.
     */
    @WithDefault("268435456")
    long maxInFlightAppendBytes();

    /**
     * How often the per-partition and node gauges of {@code /q/metrics} (offsets, sizes, ISR
     * counts, follower lag, disk free) are recomputed, on the node's metrics thread; counters
     * and timers are always current.
     */
    @WithDefault("5s")
    Duration metricsRefreshInterval();

    /** The Kafka wire protocol listener. */
    Kafka kafka();

    /** The log cleaner of compacted topics ({@code cleanup.policy} compact or compact,delete). */
    Cleaner cleaner();

    /** {@code strata.node.cleaner.*}: Kafka's {@code log.cleaner.*} settings. */
    interface Cleaner {

        /** Whether the cleaner runs (Kafka's log.cleaner.enable); off, compacted topics keep every record. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most memory the cleaner's key → offset map uses for one cleaning (Kafka's
         * log.cleaner.dedupe.buffer.size), each key costing its length plus 96 bytes; when it fills,
         * the cleaning ends where it filled and the rest waits for the next round.
         */
        @WithDefault("33554432")
        long dedupeBufferBytes();

        /** Bytes per second the cleaner reads plus writes, at most (Kafka's log.cleaner.io.max.bytes.per.second). */
        @WithDefault("9223372036854775807")
        long ioMaxBytesPerSecond();

        /** How much of a segment the cleaner reads at once (whole batches, at least one). */
        @WithDefault("1048576")
        int readBufferBytes();

        /** How long the cleaner waits when no compacted log is due (Kafka's log.cleaner.backoff.ms). */
        @WithDefault("15s")
        Duration backoff();
    }

    /** What the readiness and liveness checks ({@code /q/health/ready}, {@code /q/health/live}) hold the node to. */
    Health health();

    /** {@code strata.node.health.*}: the limits behind {@code /q/health}. */
    interface Health {

        /**
         * Not ready once the metadata service has answered no heartbeat or registration for this
         * long (the node cannot learn of leader changes, and its lease is running out). Keep it
         * above the heartbeat interval (a quarter of the service's {@code strata.metadata.lease}).
         */
        @WithDefault("10s")
        Duration metadataContactTimeout();

        /**
         * Not ready once a replica fetcher has completed no fetch round with its leader for this
         * long (the leader is unreachable or hung, or refuses every partition fetched): the
         * node's copies of those partitions fall behind. Kafka's replica.lag.time.max.ms by default.
         */
        @WithDefault("30s")
        Duration fetcherStuckAfter();

        /**
         * Not ready while the data directory's file system has fewer usable bytes than this: the
         * node will soon refuse writes with STORAGE_ERROR. Small by default, so that a small
         * volume (a test's tmpfs) still starts; raise it on real disks (e.g. 1–5% of the volume).
         */
        @WithDefault("8388608")
        long diskFreeMinBytes();

        /**
         * Not live once a Vert.x event loop (which serves gRPC, HTTP and the Kafka listener) has
         * not run a scheduled task for this long: the loop is blocked and only a restart helps.
         */
        @WithDefault("30s")
        Duration eventLoopStallAfter();

        /**
         * Not live once the controller thread (which follows the raft group and elects partition
         * leaders) has not ticked for this long: it is wedged in a call that does not return.
         */
        @WithDefault("60s")
        Duration controllerStallAfter();

        /** How often each event loop is given the small task that proves it runs. */
        @WithDefault("1s")
        Duration eventLoopProbeInterval();
    }

    /** {@code strata.node.kafka.*}: where and how this node serves Kafka clients. */
    interface Kafka {

        /** Whether this node serves the Kafka protocol at all. */
        @WithDefault("true")
        boolean enabled();

        /** The interface to listen on; the local default keeps it on loopback. */
        @WithDefault("127.0.0.1")
        String host();

        /** The port to listen on (Kafka's 9092 elsewhere; 9201-9203 for the local cluster). */
        @WithDefault("9092")
        int port();

        /** The host clients are told to connect to (Metadata, FindCoordinator); unset: strata.node.advertised-host. */
        Optional<String> advertisedHost();

        /** The port clients are told to connect to; unset: strata.node.kafka.port. */
        Optional<Integer> advertisedPort();

        /**
         * The largest request frame accepted (Kafka's socket.request.max.bytes): a client announcing
         * a larger one is disconnected before it is read, so no client can make the node buffer more.
         */
        @WithDefault("104857600")
        int maxFrameBytes();

        /**
         * Whether a Fetch answer on a plaintext (or SASL_PLAINTEXT) connection sends its record
         * batches from their segment files ({@code sendfile}) rather than reading them onto the heap
         * first; TLS connections always read them. False: the heap path everywhere (for comparison).
         */
        @WithDefault("true")
        boolean sendFiles();

        /** Kafka's auto.create.topics.enable: Metadata for a missing topic creates it with the cluster defaults. */
        @WithDefault("true")
        boolean autoCreateTopics();

        /**
         * The group coordinator, e.g. {@code http://127.0.0.1:8082}; the group APIs (FindCoordinator,
         * JoinGroup, OffsetCommit, …) forward to it. Unset: they answer COORDINATOR_NOT_AVAILABLE.
         */
        Optional<String> coordinatorUrl();

        /** How long a forwarded control-plane call (metadata service, group coordinator) may take. */
        @WithDefault("30s")
        Duration requestTimeout();

        /** SASL authentication of Kafka clients ({@code strata.node.kafka.sasl.*}). */
        Sasl sasl();

        /** ACLs on the Kafka listener ({@code strata.node.kafka.acl.*}; the same settings as {@code strata.gateway.acl.*}). */
        AclSettings acl();

        /** Client quotas on the Kafka listener ({@code strata.node.kafka.quota.*}). */
        Quota quota();
    }

    /**
     * {@code strata.node.kafka.quota.*}: how the client quotas of the metadata service
     * ({@code producer_byte_rate}, {@code consumer_byte_rate}) are measured and cached. Quotas are
     * always enforced; with none set nothing is throttled.
     */
    interface Quota {

        /** Samples in a quota's sliding window (Kafka's quota.window.num). */
        @WithDefault("11")
        int windowSamples();

        /** The length of one sample (Kafka's quota.window.size.seconds). */
        @WithDefault("1s")
        Duration windowSampleSize();

        /**
         * How old the node's copy of the quotas may grow before a request re-reads them in the
         * background: a change made through another node is in force here within this time plus
         * one read (at once when made through this node).
         */
        @WithDefault("5s")
        Duration cacheTtl();

        /** The most quota meters (user/client-id groups measured) a node keeps; idle ones are dropped first. */
        @WithDefault("100000")
        int maxMeters();
    }

    /** {@code strata.node.kafka.sasl.*}: who may use the Kafka listener. */
    interface Sasl {

        /**
         * The SASL mechanisms clients must authenticate with, of PLAIN, SCRAM-SHA-256 and
         * SCRAM-SHA-512 (comma-separated; env {@code STRATA_NODE_KAFKA_SASL_ENABLED_MECHANISMS}).
         * Unset or empty: no authentication, every client is User:ANONYMOUS (the listener is a
         * Kafka PLAINTEXT one); set: a SASL_PLAINTEXT one, where nothing but ApiVersions and the
         * SASL requests is served before a client has authenticated.
         */
        Optional<List<String>> enabledMechanisms();

        /**
         * How long a node keeps a user's SCRAM keys read from the metadata service: a credential
         * changed or deleted through another node takes effect here within this time (at once
         * when changed through this node).
         */
        @WithDefault("10s")
        Duration credentialCacheTtl();

        /** The most users whose keys a node keeps at once; beyond it the cache starts afresh. */
        @WithDefault("10000")
        int credentialCacheMaxUsers();
    }
}
