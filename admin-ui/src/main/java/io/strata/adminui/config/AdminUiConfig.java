package io.strata.adminui.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console's settings ({@code strata.admin-ui.*}, each also an environment variable such as
 * {@code STRATA_ADMIN_UI_GATEWAY}). The console holds no state of its own: everything it shows it
 * reads from the gateway named here, on every request.
 */
@ConfigMapping(prefix = "strata.admin-ui")
public interface AdminUiConfig {

    /** Base URL of the gateway's REST API (its HTTP port). */
    @WithDefault("http://127.0.0.1:8080")
    URI gateway();

    /**
     * The console's own gateway user, when the gateway requires authentication
     * ({@code strata.gateway.auth.enabled}); with {@link #gatewayPassword()}. Without the console's
     * login ({@link Auth#enabled()} false) every visitor acts as this user; with it, each signed-in
     * user acts as themselves and this user only writes and reads the audit topic.
     */
    Optional<String> gatewayUsername();

    /** The password of {@link #gatewayUsername()} (env {@code STRATA_ADMIN_UI_GATEWAY_PASSWORD}). */
    Optional<String> gatewayPassword();

    /** How long one call to the gateway may take before the page shows a timeout. */
    @WithDefault("15s")
    Duration requestTimeout();

    /** How long connecting to the gateway may take. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Rows per page of a list (topics, groups) when the URL gives no {@code size}. */
    @WithDefault("50")
    int pageSize();

    /** The most rows per page a URL may ask for; a larger {@code size} is refused naming this limit. */
    @WithDefault("500")
    int maxPageSize();

    /** The longest search text a list accepts (characters). */
    @WithDefault("200")
    int maxSearchLength();


    /**
     * How long a cluster default config value, learnt from a topic that does not override it, is
     * shown beside other topics' overrides before it is asked for again.
     */
    @WithDefault("60s")
    Duration configDefaultsTtl();

    /** The most topics asked for their configs to find the defaults of one topic's overrides. */
    @WithDefault("5")
    int configDefaultsLookups();

    /** Records the messages page reads when the URL gives no {@code limit}. */
    @WithDefault("50")
    int messagesDefaultLimit();

    /** The most records one messages page reads; a larger {@code limit} is refused naming this setting. */
    @WithDefault("500")
    int messagesMaxLimit();

    /** How long the live tail waits after one poll's answer before it asks for newer records again. */
    @WithDefault("1s")
    Duration tailPollInterval();

    /** How often the reassignments page asks again for the moves in progress (and a drain's progress) while it is open. */
    @WithDefault("2s")
    Duration reassignmentPollInterval();

    /**
     * The most records one live-tail poll reads of all partitions together (split evenly between
     * the partitions with new records); beyond it the oldest new records are skipped and counted.
     */
    @WithDefault("200")
    int tailMaxRecordsPerPoll();

    /** The most rows the live tail keeps on the page; older rows drop off the bottom. */
    @WithDefault("500")
    int tailMaxRows();

    /**
     * The most partitions of one group whose lag in time (the age of the oldest unconsumed record)
     * the group page reads, one one-record read each; the rest show "not read".
     */
    @WithDefault("100")
    int lagAgeMaxPartitions();

    /**
     * The most records one message search request examines (all partitions together); the page
     * then offers "continue" from where it stopped.
     */
    @WithDefault("200000")
    int searchMaxRecords();

    /** The most bytes (keys, values and header values) one message search request examines. */
    @WithDefault("256M")
    MemorySize searchMaxBytes();

    /** How long one message search request may scan before it stops and offers to continue. */
    @WithDefault("5s")
    Duration searchMaxTime();

    /** Records asked of the gateway per read while searching (at most the gateway's {@code max-records}). */
    @WithDefault("1000")
    int searchReadRecords();

    /** The most matches one search request shows; it stops at that many. */
    @WithDefault("50")
    int searchMaxMatches();

    /**
     * The gateway's REST base URL as a user's shell reaches it, written into "copy as curl"
     * commands; unset: {@code gateway}.
     */
    Optional<URI> publicGateway();

    /** How long the cluster page waits for one service's {@code /q/health/ready}; beyond it the service shows as unreachable. */
    @WithDefault("2s")
    Duration healthTimeout();

    /**
     * More services whose readiness the cluster page shows, name → base URL (e.g.
     * {@code strata.admin-ui.health-urls.metadata-service=http://127.0.0.1:8081}); the gateway and
     * the partition nodes it reports are always shown.
     */
    Map<String, URI> healthUrls();

    /** How far back the group page's consume rate looks (its catch-up estimate compares totals this old at most). */
    @WithDefault("10m")
    Duration catchUpWindow();

    /** The shortest time between two views of a group page that gives a consume rate; closer views show "—". */
    @WithDefault("5s")
    Duration catchUpMinSpan();

    /** The most groups whose recent totals are remembered for the catch-up estimate (least recently seen forgotten). */
    @WithDefault("1000")
    int catchUpMaxGroups();

    /** The console's own login, sessions and roles ({@code strata.admin-ui.auth.*}). */
    Auth auth();

    /** The audit log of actions taken in the console ({@code strata.admin-ui.audit.*}). */
    Audit audit();

    /** {@code strata.admin-ui.auth.*}: who may use the console, and for how long a sign-in lasts. */
    interface Auth {

        /**
         * Whether the console asks for a user name and password (checked by the gateway, which must
         * then have {@code strata.gateway.auth.enabled}). Off by default, so {@code ./strata up} is as before.
         */
        @WithDefault("false")
        boolean enabled();

        /** Users who get the admin role (every action); everyone else who signs in is a viewer (read only). */
        Optional<List<String>> adminUsers();

        /** A session unused this long ends (the user signs in again). */
        @WithDefault("30m")
        Duration idleTimeout();

        /** A session ends this long after sign-in, however busy. */
        @WithDefault("8h")
        Duration maxLifetime();

        /** The most sessions at once; a sign-in beyond it is refused (503) until one ends. */
        @WithDefault("10000")
        int maxSessions();

        /** Failed sign-ins of one user name from one client address within {@link #failedLoginWindow()} before more are refused. */
        @WithDefault("5")
        int maxFailedLoginsPerUser();

        /** Failed sign-ins from one client address (any user name) within {@link #failedLoginWindow()} before more are refused. */
        @WithDefault("20")
        int maxFailedLoginsPerAddress();

        /** The window failed sign-ins are counted over; a refused client may try again when it has passed. */
        @WithDefault("15m")
        Duration failedLoginWindow();
    }

    /** {@code strata.admin-ui.audit.*}: where the record of every action goes. */
    interface Audit {

        /** Whether actions are recorded; unset: recorded exactly when {@link Auth#enabled()}. */
        Optional<Boolean> enabled();

        /** The Strata topic the records are produced to (one partition), created on first use. */
        @WithDefault("__strata_audit")
        String topic();

        /** {@code retention.ms} the audit topic is created with. */
        @WithDefault("365d")
        Duration retention();

        /** Records per page of the Audit page. */
        @WithDefault("50")
        int pageSize();

        /** The most audit records one Audit page reads while filtering before it stops and offers older ones. */
        @WithDefault("5000")
        int maxScanRecords();
    }

    /** Whether actions are audited: {@code audit.enabled}, else whether the login is on. */
    default boolean auditEnabled() {
        return audit().enabled().orElse(auth().enabled());
    }

    /** Where "copy as curl" commands send their records: {@code public-gateway}, else {@code gateway}. */
    default URI curlGateway() {
        return publicGateway().orElse(gateway());
    }
}
