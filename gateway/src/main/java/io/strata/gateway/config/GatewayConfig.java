package io.strata.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The gateway's settings ({@code strata.gateway.*}). Every limit on a request is named here.
 */
@ConfigMapping(prefix = "strata.gateway")
public interface GatewayConfig {

    /** The metadata service's URL ({@code http://host:port}); its gRPC API is served on that port. */
    @WithDefault("http://127.0.0.1:8081")
    String metadataUrl();

    /** The group coordinator's URL ({@code http://host:port}); consumer groups and REST consumers go there. */
    @WithDefault("http://127.0.0.1:8082")
    String coordinatorUrl();

    /** How long a produce, fetch or admin request may take, retries across leader changes included. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** First wait before retrying a request whose leader moved or whose replica is not there yet. */
    @WithDefault("25ms")
    Duration retryBackoff();

    /** Longest wait between two retries (the wait doubles up to this). */
    @WithDefault("1s")
    Duration retryBackoffMax();

    /** Target size of a record batch the gateway builds (a single larger record gets a batch alone). */
    @WithDefault("262144")
    int batchBytes();

    /** Most bytes of batches sent to a leader in one Append call. */
    @WithDefault("4194304")
    int appendBytes();

    /** Most records in one REST produce request. */
    @WithDefault("100000")
    int maxProduceRecords();

    /** Most bytes a fetch asks the leader for when the caller does not say. */
    @WithDefault("1048576")
    int fetchMaxBytes();

    /** Records a REST read returns when {@code max_records} is not given. */
    @WithDefault("500")
    int defaultMaxRecords();

    /** Upper bound on a REST read's {@code max_records}. */
    @WithDefault("10000")
    int maxRecords();

    /** Upper bound on a read's long-poll wait ({@code timeout_ms}, {@code max_wait_ms}). */
    @WithDefault("30s")
    Duration maxFetchWait();

    /**
     * How long a REST consumer's read waits for records when it names no {@code timeout} (as the
     * REST Proxy's {@code consumer.request.timeout.ms}).
     */
    @WithDefault("1s")
    Duration consumerRequestTimeout();

    /** Most bytes a REST consumer's read returns when it names no {@code max_bytes}. */
    @WithDefault("4194304")
    int consumerMaxBytes();

    /**
     * Bytes that consumers' read-aheads may ask for in all (see {@code ReadAhead}); 0 turns
     * read-ahead off.
     */
    @WithDefault("67108864")
    long readAheadBytes();

    /** How long a read-ahead answer is kept for the consumer's next fetch before it is dropped. */
    @WithDefault("2s")
    Duration readAheadMaxAge();

    /** How long to wait between attempts to reach the metadata service's watch stream. */
    @WithDefault("1s")
    Duration watchRetry();
}
