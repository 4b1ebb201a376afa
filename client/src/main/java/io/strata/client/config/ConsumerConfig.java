package io.strata.client.config;

import io.strata.client.connection.GatewayAddress;
import io.strata.client.connection.GatewaySecurity;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A consumer's settings, checked. Keys and defaults are Kafka's consumer's:
 *
 * <pre>
 * bootstrap.servers          required   host:port[,host:port] of the gateway(s)
 * security.username  (none)  with security.password: sent to a gateway that requires authentication
 * security.password  (none)  (HTTP Basic credentials in the gRPC authorization header; use TLS)
 * security.tls.ca-file  (none)  PEM file of the CA to trust: the channels speak TLS (plaintext without it)
 * auto.offset.reset          latest     earliest / latest / none: where a partition without a position starts
 * fetch.max.wait.ms          500        how long a fetch waits at the leader for new records
 * max.partition.fetch.bytes  1048576    most bytes one fetch of one partition asks for (at least one batch comes)
 * fetch.max.bytes            52428800   most bytes fetched and not yet returned by poll, all partitions together
 * max.poll.records           500        most records one poll returns
 * check.crcs                 true       verify each batch's CRC32C before handing out its records
 * request.timeout.ms         30000      added to fetch.max.wait.ms as a fetch's deadline
 * retry.backoff.ms           100        first wait before fetching again after a retriable failure
 * retry.backoff.max.ms       1000       longest such wait
 * group.id                   —          join this consumer group (subscribe); without it, assign partitions yourself
 * enable.auto.commit         true       with a group: commit the positions of returned records every auto.commit.interval.ms
 *                                       (from poll), before partitions are revoked, and on close
 * auto.commit.interval.ms    5000       how often auto-commit commits
 * max.poll.interval.ms       300000     sent to the group as the rebalance timeout: how long this consumer may take to
 *                                       give up revoked partitions (it does so inside poll)
 * fetch.from.leaders         true       read from the partitions' leaders directly when the gateway offers their
 *                                       addresses (it does only in a cluster that checks no credentials or ACLs);
 *                                       never with security.username or security.tls.ca-file; false: always the gateway
 * </pre>
 */
public record ConsumerConfig(List<GatewayAddress> bootstrapServers, OffsetReset autoOffsetReset, int fetchMaxWaitMs,
                             int maxPartitionFetchBytes, long fetchMaxBytes, int maxPollRecords, boolean checkCrcs,
                             int requestTimeoutMs, long retryBackoffMs, long retryBackoffMaxMs, String groupId,
                             boolean enableAutoCommit, int autoCommitIntervalMs, int maxPollIntervalMs,
                             GatewaySecurity security, boolean fetchFromLeaders) {

    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String FETCH_MAX_WAIT_MS = "fetch.max.wait.ms";
    public static final String MAX_PARTITION_FETCH_BYTES = "max.partition.fetch.bytes";
    public static final String FETCH_MAX_BYTES = "fetch.max.bytes";
    public static final String MAX_POLL_RECORDS = "max.poll.records";
    public static final String CHECK_CRCS = "check.crcs";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String GROUP_ID = "group.id";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String AUTO_COMMIT_INTERVAL_MS = "auto.commit.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS = "max.poll.interval.ms";
    public static final String FETCH_FROM_LEADERS = "fetch.from.leaders";

    /** What a consumer does for a partition with no position, or whose position left the log. */
    public enum OffsetReset { EARLIEST, LATEST, NONE }

    public static ConsumerConfig of(Map<String, ?> config) {
        return from(ConfigValues.of(config));
    }

    public static ConsumerConfig of(Properties config) {
        return from(ConfigValues.of(config));
    }

    public static ConsumerConfig from(ConfigValues values) {
        List<GatewayAddress> servers = ConnectionSettings.bootstrapServers(values);
        OffsetReset reset = OffsetReset.valueOf(values.choice(AUTO_OFFSET_RESET, "latest",
                List.of("earliest", "latest", "none")).toUpperCase(java.util.Locale.ROOT));
        int maxWaitMs = values.integer(FETCH_MAX_WAIT_MS, 500, 0, Integer.MAX_VALUE);
        int partitionBytes = values.integer(MAX_PARTITION_FETCH_BYTES, 1 << 20, 1, Integer.MAX_VALUE);
        long fetchBytes = values.longValue(FETCH_MAX_BYTES, 50L << 20, 1, Long.MAX_VALUE);
        int maxPollRecords = values.integer(MAX_POLL_RECORDS, 500, 1, Integer.MAX_VALUE);
        boolean checkCrcs = values.bool(CHECK_CRCS, true);
        int requestTimeoutMs = values.integer(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE);
        long backoffMs = values.longValue(RETRY_BACKOFF_MS, 100, 0, Long.MAX_VALUE);
        long backoffMaxMs = values.longValue(RETRY_BACKOFF_MAX_MS, 1000, 0, Long.MAX_VALUE);
        String groupId = values.string(GROUP_ID, null);
        boolean autoCommit = values.bool(ENABLE_AUTO_COMMIT, true);
        int autoCommitIntervalMs = values.integer(AUTO_COMMIT_INTERVAL_MS, 5000, 1, Integer.MAX_VALUE);
        int maxPollIntervalMs = values.integer(MAX_POLL_INTERVAL_MS, 300_000, 1, Integer.MAX_VALUE);
        boolean fromLeaders = values.bool(FETCH_FROM_LEADERS, true);
        return new ConsumerConfig(servers, reset, maxWaitMs, partitionBytes, fetchBytes, maxPollRecords, checkCrcs,
                requestTimeoutMs, backoffMs, Math.max(backoffMs, backoffMaxMs), groupId, autoCommit, autoCommitIntervalMs,
                maxPollIntervalMs, ConnectionSettings.security(values), fromLeaders);
    }
}
