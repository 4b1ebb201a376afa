package io.strata.gateway.config;

import io.strata.api.acl.AclSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's settings ({@code strata.gateway.*}). Every limit on a request is named here.
 */
@ConfigMapping(prefix = "strata.gateway")
public interface GatewayConfig {

    /** The metadata service's URL ({@code http://host:port}); its gRPC API is served on that port. */
    @WithDefault("http://127.0.0.1:8081")
    String metadataUrl();

    /**
     * Not ready once the gateway cannot confirm, for this long, that its metadata is as new as the
     * metadata service's: the service does not answer, or the watch stream lags behind its
     * version. Requests routed on stale metadata go to old leaders and retry until they time out.
     */
    @WithDefault("15s")
    Duration metadataStaleAfter();

    /** How often the gateway asks the metadata service for its metadata version (DescribeCluster), to judge staleness. */
    @WithDefault("2s")
    Duration metadataProbeInterval();

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

    /**
     * Whether FetchPartitions answers name the leaders' addresses ({@code leader_addresses}), so the
     * Java client reads from the leaders themselves: a consume through the gateway costs a second
     * hop (client → gateway → node) and the gateway's CPU for every byte read. Honoured only when
     * the client going past the gateway loses nothing: gateway authentication and ACLs off, no
     * cluster secret, plaintext channels to the nodes ({@code fetch.DirectFetchOffer}); else
     * ignored, and the reason logged at start. Env {@code STRATA_GATEWAY_DIRECT_FETCH}.
     */
    @WithDefault("true")
    boolean directFetch();

    /** How long to wait between attempts to reach the metadata service's watch stream. */
    @WithDefault("1s")
    Duration watchRetry();

    /**
     * Whether the gateway appends the records it batches itself (REST produce, gRPC plain records)
     * as an idempotent producer, so its retry of an append whose answer was lost is not written
     * twice. Off only to compare; acks=0 never is.
     */
    @WithDefault("true")
    boolean idempotentProduce();

    /**
     * Most appends of the gateway's own batches in flight to one partition at once (1 to 5: a
     * leader remembers a producer's last five batches, and a retry must be among them).
     */
    @WithDefault("5")
    int produceMaxInFlight();

    /**
     * Most bytes of produce requests (records and batches) this gateway has in flight to the
     * partition nodes at once; a request beyond it waits (back-pressure) and is refused THROTTLED
     * after {@code produce-backpressure-wait}.
     */
    @WithDefault("134217728")
    long maxInFlightProduceBytes();

    /** How long a produce request waits for room under {@code max-in-flight-produce-bytes} before THROTTLED. */
    @WithDefault("5s")
    Duration produceBackpressureWait();

    /**
     * Most responses a gRPC ProduceStream holds before it answers (one per request of the stream);
     * a stream with more is refused THROTTLED: split it into several streams.
     */
    @WithDefault("10000")
    int produceStreamMaxResponses();

    /**
     * Most bytes of records a REST read (topic read or consumer read) decompresses and decodes from
     * the batches it fetched: the read answers the records decoded up to it, or MESSAGE_TOO_LARGE
     * when not even the first record fits (a compression bomb never inflates past it).
     */
    @WithDefault("67108864")
    long restReadMaxDecodedBytes();

    /**
     * Not live once a Vert.x event loop (which serves gRPC and HTTP) has not run a scheduled task
     * for this long: the loop is blocked and only a restart helps.
     */
    @WithDefault("30s")
    Duration eventLoopStallAfter();

    /** How often each event loop is given the small task that proves it runs. */
    @WithDefault("1s")
    Duration eventLoopProbeInterval();

    /** The most topics one page of {@code GET /admin/topics?size=} may hold. */
    @WithDefault("1000")
    int adminListMaxPageSize();

    /** The most groups one {@code POST /admin/groups/lag} may name. */
    @WithDefault("1000")
    int adminLagMaxGroups();

    /** How many ListOffsets calls {@code POST /admin/groups/lag} has in flight at once. */
    @WithDefault("64")
    int adminLagConcurrency();

    /** Client authentication on the public REST and gRPC APIs ({@code strata.gateway.auth.*}). */
    Auth auth();

    /**
     * ACLs on the public REST and gRPC APIs ({@code strata.gateway.acl.*}): the same settings, and
     * the same decision, as a node's Kafka listener ({@code strata.node.kafka.acl.*}).
     */
    AclSettings acl();

    /** Who may call the gateway: off by default (the API is open, as a PLAINTEXT Kafka listener). */
    interface Auth {

        /**
         * Every REST request (but {@code /q/*}: health and metrics) and every gRPC call must carry
         * {@code Authorization: Basic base64(user:password)} of a user with a SCRAM credential
         * (the Kafka listener's users), else HTTP 401 / gRPC UNAUTHENTICATED.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * How long a user's keys read from the metadata service, and a password found to match them,
         * are reused: a changed or deleted credential stops working within this time.
         */
        @WithDefault("10s")
        Duration credentialCacheTtl();

        /** The most users whose keys and checked passwords are kept; beyond it both caches start again. */
        @WithDefault("10000")
        int credentialCacheMaxUsers();

        /** Bearer tokens (JWTs of an OAuth 2 / OIDC provider) beside Basic ({@code strata.gateway.auth.bearer.*}). */
        Bearer bearer();
    }

    /**
     * {@code Authorization: Bearer <JWT>} accepted beside Basic when {@code enabled}: the token's
     * signature is checked with the issuer's public keys, its {@code iss}, {@code aud} and expiry
     * too, and the user is the value of {@code principal-claim} (see {@link io.strata.api.bearer.BearerTokens}).
     */
    interface Bearer {

        @WithDefault("false")
        boolean enabled();

        /** The {@code iss} every token must carry, e.g. {@code https://idp.example/realms/strata}. */
        Optional<String> issuer();

        /** When set, every token's {@code aud} must hold it. */
        Optional<String> audience();

        /** The claim naming the user (e.g. {@code preferred_username}); its value is the principal for the ACLs. */
        @WithDefault("sub")
        String principalClaim();

        /** The issuer's keys in a file: a JWKS document or one PEM public key. */
        Optional<java.nio.file.Path> keysFile();

        /** The issuer's JWKS URL; with neither this nor {@code keys-file}, the issuer's OIDC discovery names it. */
        Optional<java.net.URI> jwksUrl();

        /** PEM CA certificates trusted for the JWKS and discovery URLs (default: the JDK's). */
        Optional<java.nio.file.Path> caFile();

        /** Tolerance on {@code exp} and {@code nbf} for clocks that disagree. */
        @WithDefault("30s")
        Duration clockSkew();

        /** How long keys read from a URL are kept (a token naming an unseen key id reads them again at once). */
        @WithDefault("10m")
        Duration keysTtl();
    }
}
