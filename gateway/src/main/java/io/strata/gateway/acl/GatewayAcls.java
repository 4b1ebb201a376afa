package io.strata.gateway.acl;

import io.strata.api.acl.AclAuthorizer;
import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclMessages;
import io.strata.api.acl.AclNeed;
import io.strata.api.acl.AclOperation;
import io.strata.api.acl.AclResourceType;
import io.strata.api.error.GrpcErrors;
import io.strata.api.error.StrataException;
import io.strata.api.v1.DescribeAclsRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.gateway.config.GatewayConfig;
import io.strata.gateway.routing.MetadataServiceClient;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The ACLs on the gateway's REST and gRPC APIs, with {@code strata.gateway.acl.enabled}: the
 * metadata service's bindings, cached by the same {@link AclCache} as a node's Kafka listener
 * (so REST, gRPC and Kafka clients are decided alike), and the decision over one call's
 * {@link GatewayAclNeeds}.
 *
 * <p>A caller is {@code User:<name>} of its Basic credentials, or {@code User:ANONYMOUS} when the
 * gateway does not authenticate (strata.gateway.auth.enabled=false; logged as a warning at start).
 * Fails closed: until the first read of the bindings succeeds every call fails with that read's
 * error (retriable), never allowed; later failed reads keep the last bindings (see AclCache).
 *
 * <p>Thread-safe; never blocks: the decision is taken with the cached snapshot.
 */
@ApplicationScoped
public class GatewayAcls {

    /** The principal of a caller the gateway did not authenticate, as on a PLAINTEXT Kafka listener. */
    public static final String ANONYMOUS = "User:ANONYMOUS";
    private static final Logger LOG = Logger.getLogger(GatewayAcls.class);

    @Inject
    GatewayConfig config;
    @Inject
    MetadataServiceClient metadata;
    @Inject
    Vertx vertx;

    private AclCache cache;
    /** The timer renewing the copy of the bindings (its only job); -1 without ACLs. */
    private long renewal = -1;

    @PostConstruct
    void init() {
        cache = AclCache.of(config.acl(), () -> metadata.mutiny()
                .withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .describeAcls(DescribeAclsRequest.getDefaultInstance())
                .subscribeAsCompletionStage()
                .thenApply(answer -> answer.getBindingsList().stream().map(AclMessages::binding).toList()));
        if (config.acl().enabled()) {
            renewal = vertx.setPeriodic(cache.renewalPeriod().toMillis(), id -> cache.renew());
        }
        if (config.acl().enabled() && !config.auth().enabled()) {
            LOG.warn("strata.gateway.acl.enabled without strata.gateway.auth.enabled: every caller is " + ANONYMOUS);
        }
    }

    @PreDestroy
    void stop() {
        if (renewal >= 0) {
            vertx.cancelTimer(renewal);
        }
    }

    public boolean enabled() {
        return config.acl().enabled();
    }

    /** The principal of an authenticated user name (null: not authenticated). */
    public static String principal(String user) {
        return user == null ? ANONYMOUS : "User:" + user;
    }

    /** The decision to take a call with; fails (with the metadata service's error) until the bindings were read once. */
    public CompletionStage<AclAuthorizer> authorizer() {
        return failuresAsStrata(cache.authorizer());
    }

    /** Reads the bindings again, after a change made through this gateway: it is in force here when the stage completes. */
    public CompletionStage<AclAuthorizer> refresh() {
        return failuresAsStrata(cache.refresh());
    }

    /**
     * Why {@code principal} from {@code host} may not make the call {@code what} with these needs:
     * empty when allowed. A call the table does not know ({@code needs} empty) is allowed to super
     * users only. The refusal names principal, operation and resource, with TOPIC_, GROUP_ or
     * CLUSTER_AUTHORIZATION_FAILED after the first denied need's resource type.
     */
    public static Optional<StrataException> refusal(AclAuthorizer authorizer, String principal, String host,
                                                    String what, Optional<List<AclNeed>> needs) {
        if (authorizer.isSuperUser(principal)) {
            return Optional.empty();
        }
        if (needs.isEmpty()) {
            return Optional.of(new StrataException(ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
                    principal + " may not call " + what + ": it is not classified by Strata's ACLs, so only super users may"));
        }
        return needs.get().stream().filter(need -> !allowed(authorizer, principal, host, need)).findFirst()
                .map(denied -> new StrataException(code(denied.type()),
                        principal + " is not allowed " + denied.describe() + " (" + what + ")"));
    }

    /**
     * One need, with Kafka's two alternatives: CREATE on a topic is also allowed by CREATE on the
     * cluster (CreateTopics), IDEMPOTENT_WRITE on the cluster also by WRITE on some topic
     * (InitProducerId without a transactional id).
     */
    static boolean allowed(AclAuthorizer authorizer, String principal, String host, AclNeed need) {
        if (authorizer.authorize(principal, host, need.operation(), need.type(), need.name())) {
            return true;
        }
        if (need.operation() == AclOperation.CREATE && need.type() == AclResourceType.TOPIC) {
            return authorizer.authorize(principal, host, AclOperation.CREATE, AclResourceType.CLUSTER, AclResourceType.CLUSTER_NAME);
        }
        if (need.operation() == AclOperation.IDEMPOTENT_WRITE && need.type() == AclResourceType.CLUSTER) {
            return authorizer.authorizeAny(principal, host, AclOperation.WRITE, AclResourceType.TOPIC);
        }
        return false;
    }

    /** What a caller may see in a list: everything without ACLs. */
    public static Visibility visibility(AclAuthorizer authorizer, String principal, String host) {
        return new Visibility(
                topic -> authorizer.authorize(principal, host, AclOperation.DESCRIBE, AclResourceType.TOPIC, topic),
                group -> authorizer.authorize(principal, host, AclOperation.DESCRIBE, AclResourceType.CLUSTER, AclResourceType.CLUSTER_NAME)
                        || authorizer.authorize(principal, host, AclOperation.DESCRIBE, AclResourceType.GROUP, group));
    }

    private static ErrorCode code(AclResourceType type) {
        return switch (type) {
            case TOPIC -> ErrorCode.TOPIC_AUTHORIZATION_FAILED;
            case GROUP -> ErrorCode.GROUP_AUTHORIZATION_FAILED;
            case CLUSTER, TRANSACTIONAL_ID -> ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
        };
    }

    private static <T> CompletionStage<T> failuresAsStrata(CompletionStage<T> stage) {
        CompletableFuture<T> done = stage.toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            return done;
        }
        return stage.exceptionally(failure -> {
            throw GrpcErrors.asStrataException(failure);
        });
    }
}
