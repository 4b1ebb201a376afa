package io.strata.api.acl;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of ACL enforcement, the same group under every listener that enforces ACLs: a
 * partition node's Kafka listener ({@code strata.node.kafka.acl.*}) and the gateway's REST and
 * gRPC APIs ({@code strata.gateway.acl.*}). One interface so both are documented, defaulted and
 * read alike ({@link AclCache#of}).
 */
public interface AclSettings {

    /**
     * Whether the listener enforces the ACLs of the metadata service. Off: every client may do
     * everything, as before. On without authentication, every client is User:ANONYMOUS.
     */
    @WithDefault("false")
    boolean enabled();

    /** Principals allowed everything whatever the ACLs say, e.g. {@code User:admin} (Kafka's super.users; comma-separated). */
    Optional<List<String>> superUsers();

    /** Kafka's allow.everyone.if.no.acl.found: a resource no binding matches is open to everyone. */
    @WithDefault("false")
    boolean allowEveryoneIfNoAclFound();

    /**
     * How old the copy of the ACLs may grow before a request re-reads them in the background: a
     * change made through another node or gateway is in force here within this time (at once when
     * made through this one).
     */
    @WithDefault("5s")
    Duration cacheTtl();
}
