package io.strata.client.config;

import io.strata.api.v1.Acks;
import io.strata.client.connection.GatewayAddress;
import io.strata.client.connection.GatewaySecurity;
import org.apache.kafka.common.record.CompressionType;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A producer's settings, checked. Keys and defaults are Kafka's producer's:
 *
 * <pre>
 * bootstrap.servers       required  host:port[,host:port] of the gateway(s)
 * security.username  (none)  with security.password: sent to a gateway that requires authentication
 * security.password  (none)  (HTTP Basic credentials in the gRPC authorization header; use TLS)
 * security.tls.ca-file  (none)  PEM file of the CA to trust: the channels speak TLS (plaintext without it)
 * acks                    all       all (-1) / 1 / 0
 * enable.idempotence      true      producer id + per-partition sequences; needs acks=all
 * compression.type        none      none / gzip / snappy / lz4 / zstd
 * batch.size              16384     bytes of records per batch (a larger record gets a batch alone)
 * linger.ms               5         how long a batch waits for more records
 * buffer.memory           33554432  bytes of records waiting to be sent; send() blocks when full
 * max.block.ms            60000     longest send() blocks for buffer memory
 * max.request.size        1048576   largest record, and most bytes of batches in one request
 * retries                 MAX_INT   attempts after the first, within delivery.timeout.ms
 * retry.backoff.ms        100       first wait before a retry (doubling, ±20 % jitter)
 * retry.backoff.max.ms    1000      longest wait before a retry
 * request.timeout.ms      30000     sent as the request's timeout_ms; the call's deadline is a bit longer
 * delivery.timeout.ms     120000    from send() to success or failure, retries included
 * metadata.max.age.ms     300000    partition counts are refreshed at least this often
 * </pre>
 *
 * Invariants (checked here): idempotence implies acks=all and retries &gt; 0;
 * delivery.timeout.ms ≥ linger.ms + request.timeout.ms.
 */
public record ProducerConfig(List<GatewayAddress> bootstrapServers, Acks acks, boolean idempotence,
                             CompressionType compression, int batchSize, long lingerMs, long bufferMemory,
                             long maxBlockMs, int maxRequestSize, int retries, long retryBackoffMs,
                             long retryBackoffMaxMs, int requestTimeoutMs, long deliveryTimeoutMs,
                             long metadataMaxAgeMs, GatewaySecurity security) {

    public static final String ACKS = "acks";
    public static final String ENABLE_IDEMPOTENCE = "enable.idempotence";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String BATCH_SIZE = "batch.size";
    public static final String LINGER_MS = "linger.ms";
    public static final String BUFFER_MEMORY = "buffer.memory";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    public static final String RETRIES = "retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";

    public static ProducerConfig of(Map<String, ?> config) {
        return from(ConfigValues.of(config));
    }

    public static ProducerConfig of(Properties config) {
        return from(ConfigValues.of(config));
    }

    public static ProducerConfig from(ConfigValues values) {
        List<GatewayAddress> servers = ConnectionSettings.bootstrapServers(values);
        Acks acks = acks(values.choice(ACKS, "all", List.of("all", "-1", "1", "0")));
        int retries = values.integer(RETRIES, Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        boolean idempotence = idempotence(values, acks, retries);
        CompressionType compression = CompressionType.forName(
                values.choice(COMPRESSION_TYPE, "none", List.of("none", "gzip", "snappy", "lz4", "zstd")));
        int batchSize = values.integer(BATCH_SIZE, 16384, 0, Integer.MAX_VALUE);
        long lingerMs = values.longValue(LINGER_MS, 5, 0, Integer.MAX_VALUE);
        long bufferMemory = values.longValue(BUFFER_MEMORY, 32L << 20, 1, Long.MAX_VALUE);
        long maxBlockMs = values.longValue(MAX_BLOCK_MS, 60_000, 0, Long.MAX_VALUE);
        int maxRequestSize = values.integer(MAX_REQUEST_SIZE, 1 << 20, 1, Integer.MAX_VALUE);
        long backoffMs = values.longValue(RETRY_BACKOFF_MS, 100, 0, Long.MAX_VALUE);
        long backoffMaxMs = values.longValue(RETRY_BACKOFF_MAX_MS, 1000, 0, Long.MAX_VALUE);
        int requestTimeoutMs = values.integer(REQUEST_TIMEOUT_MS, 30_000, 1, Integer.MAX_VALUE);
        long deliveryTimeoutMs = deliveryTimeout(values, lingerMs, requestTimeoutMs);
        long metadataMaxAgeMs = values.longValue(METADATA_MAX_AGE_MS, 300_000, 1, Long.MAX_VALUE);
        return new ProducerConfig(servers, acks, idempotence, compression, batchSize, lingerMs, bufferMemory,
                maxBlockMs, maxRequestSize, retries, backoffMs, Math.max(backoffMs, backoffMaxMs), requestTimeoutMs,
                deliveryTimeoutMs, metadataMaxAgeMs, ConnectionSettings.security(values));
    }

    private static Acks acks(String value) {
        return switch (value) {
            case "0" -> Acks.ACKS_NONE;
            case "1" -> Acks.ACKS_LEADER;
            default -> Acks.ACKS_ALL;
        };
    }

    /**
     * As Kafka: on unless turned off, or unless acks or retries conflict with it and it was not
     * asked for explicitly; asked for explicitly with a conflicting setting, it is refused.
     */
    private static boolean idempotence(ConfigValues values, Acks acks, int retries) {
        if (!values.isSet(ENABLE_IDEMPOTENCE)) {
            return acks == Acks.ACKS_ALL && retries > 0;
        }
        boolean wanted = values.bool(ENABLE_IDEMPOTENCE, true);
        if (wanted && acks != Acks.ACKS_ALL) {
            throw ConfigValues.invalid("enable.idempotence=true requires acks=all, got acks="
                    + values.string(ACKS, "all") + " (set enable.idempotence=false to use it)");
        }
        if (wanted && retries == 0) {
            throw ConfigValues.invalid("enable.idempotence=true requires retries > 0, got retries=0");
        }
        return wanted;
    }

    private static long deliveryTimeout(ConfigValues values, long lingerMs, int requestTimeoutMs) {
        long floor = lingerMs + requestTimeoutMs;
        if (!values.isSet(DELIVERY_TIMEOUT_MS)) {
            return Math.max(120_000, floor);
        }
        long deliveryTimeoutMs = values.longValue(DELIVERY_TIMEOUT_MS, 120_000, 1, Long.MAX_VALUE);
        if (deliveryTimeoutMs < floor) {
            throw ConfigValues.invalid("delivery.timeout.ms must be at least linger.ms + request.timeout.ms = "
                    + floor + ", got " + deliveryTimeoutMs);
        }
        return deliveryTimeoutMs;
    }
}
