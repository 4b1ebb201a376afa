package io.strata.kafka.acl;

import io.strata.api.acl.AclNeed;
import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclAuthorizer;
import io.strata.api.acl.AclOperation;
import io.strata.api.acl.AclResourceType;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.kafka.api.ClientSession;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.api.RequestGate;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.jboss.logging.Logger;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.strata.api.acl.AclOperation.CREATE;
import static io.strata.api.acl.AclOperation.DESCRIBE;
import static io.strata.api.acl.AclResourceType.CLUSTER;
import static io.strata.api.acl.AclResourceType.TOPIC;

/**
 * The ACLs on the Kafka listener: every authenticated request passes here before its handler, as
 * {@code User:<name>} (or {@code User:ANONYMOUS} without SASL) from the client's IP address.
 *
 * <p>Rules, following Kafka's {@code KafkaApis}: the needs of {@link AclNeeds} must all be allowed,
 * else the whole request is answered with its API's error response carrying
 * TOPIC_/GROUP_/CLUSTER_/TRANSACTIONAL_ID_AUTHORIZATION_FAILED, and its handler never runs (nothing
 * is appended, committed or changed). Where Kafka answers per resource this refuses the request as a
 * whole (a Produce to one allowed and one denied topic appends to neither), except for:
 * Metadata, where a named topic the principal may not DESCRIBE (or, when the request would
 * auto-create it, may not CREATE on the cluster or the topic) answers TOPIC_AUTHORIZATION_FAILED
 * and the others are served, and an all-topics request leaves such topics out; ListGroups, which
 * lists only groups the principal may DESCRIBE unless it may DESCRIBE the cluster; CreateTopics,
 * which needs CREATE on the cluster or on each topic; InitProducerId, which needs WRITE on the
 * transactional id or, without one, IDEMPOTENT_WRITE on the cluster or WRITE on some topic. An API
 * {@link AclNeeds} does not classify is refused to all but super users (fail closed).
 *
 * <p>Thread-safe; the decision is taken on the calling thread with the cached snapshot
 * ({@link AclCache}), so no event loop waits.
 */
public final class AclGate implements RequestGate {

    private static final Logger LOG = Logger.getLogger(AclGate.class);

    private final AclCache cache;
    private final ControlPlane cluster;

    public AclGate(AclCache cache, ControlPlane cluster) {
        this.cache = cache;
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request, KafkaApiHandler handler) {
        ApiKeys key = request.header().apiKey();
        if (key == ApiKeys.API_VERSIONS || key == ApiKeys.SASL_HANDSHAKE || key == ApiKeys.SASL_AUTHENTICATE) {
            return handler.handle(request);
        }
        return cache.authorizer().thenCompose(authorizer -> decide(new Who(authorizer, request.session()), request, handler));
    }

    private CompletionStage<ApiMessage> decide(Who who, KafkaRequest request, KafkaApiHandler handler) {
        if (who.authorizer.isSuperUser(who.principal)) {
            return handler.handle(request);
        }
        ApiKeys key = request.header().apiKey();
        switch (key) {
            case METADATA:
                return metadata(who, request, handler);
            case LIST_GROUPS:
                return listGroups(who, request, handler);
            case CREATE_TOPICS:
                return refuseOr(createTopics(who, request.data()), request, handler);
            case INIT_PRODUCER_ID:
                return refuseOr(initProducerId(who, request.data()), request, handler);
            default:
                break;
        }
        Optional<List<AclNeed>> needs = AclNeeds.of(key, request.data(), cluster.metadata());
        if (needs.isEmpty()) {
            return refuseOr(Optional.of(new ClusterAuthorizationException(key + " is not classified by Strata's ACLs: only super users may use it")),
                    request, handler);
        }
        List<AclNeed> denied = needs.get().stream().filter(need -> !who.allowed(need.operation(), need.type(), need.name())).toList();
        return refuseOr(denial(key, denied), request, handler);
    }

    private CompletionStage<ApiMessage> refuseOr(Optional<ApiException> refusal, KafkaRequest request, KafkaApiHandler handler) {
        if (refusal.isPresent()) {
            LOG.debugf("%s of %s refused: %s", request.header().apiKey(), request.session().principal().orElse("?"),
                    refusal.get().getMessage());
            return CompletableFuture.failedFuture(refusal.get());
        }
        return handler.handle(request);
    }

    /** The error of the first denied need's resource type (every denied topic named, as Kafka's exception does). */
    private static Optional<ApiException> denial(ApiKeys key, List<AclNeed> denied) {
        if (denied.isEmpty()) {
            return Optional.empty();
        }
        AclNeed first = denied.get(0);
        return Optional.of(switch (first.type()) {
            case TOPIC -> {
                Set<String> topics = new LinkedHashSet<>();
                denied.stream().filter(d -> d.type() == TOPIC).forEach(d -> topics.add(d.name()));
                yield new TopicAuthorizationException(topics);
            }
            case GROUP -> new GroupAuthorizationException("Not authorized to access group: " + first.name(), first.name());
            case CLUSTER -> new ClusterAuthorizationException("Request " + key + " needs " + first.operation()
                    + " on the cluster, which is not allowed");
            case TRANSACTIONAL_ID -> new TransactionalIdAuthorizationException("Transactional Id authorization failed: "
                    + first.name());
        });
    }

    private static Optional<ApiException> createTopics(Who who, CreateTopicsRequestData data) {
        if (who.allowed(CREATE, CLUSTER, AclResourceType.CLUSTER_NAME)) {
            return Optional.empty();
        }
        List<AclNeed> denied = new ArrayList<>();
        data.topics().forEach(t -> {
            if (!who.allowed(CREATE, TOPIC, t.name())) {
                denied.add(new AclNeed(CREATE, TOPIC, t.name()));
            }
        });
        return denial(ApiKeys.CREATE_TOPICS, denied);
    }

    private static Optional<ApiException> initProducerId(Who who, InitProducerIdRequestData data) {
        if (data.transactionalId() != null) {
            return who.allowed(AclOperation.WRITE, AclResourceType.TRANSACTIONAL_ID, data.transactionalId()) ? Optional.empty()
                    : Optional.of(new TransactionalIdAuthorizationException("Transactional Id authorization failed: "
                    + data.transactionalId()));
        }
        boolean idempotent = who.allowed(AclOperation.IDEMPOTENT_WRITE, CLUSTER, AclResourceType.CLUSTER_NAME)
                || who.authorizer.authorizeAny(who.principal, who.host, AclOperation.WRITE, TOPIC);
        return idempotent ? Optional.empty() : Optional.of(new ClusterAuthorizationException(
                "InitProducerId needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic, which is not allowed"));
    }

    private CompletionStage<ApiMessage> metadata(Who who, KafkaRequest request, KafkaApiHandler handler) {
        MetadataRequestData data = request.data();
        List<String> denied = new ArrayList<>();
        if (data.topics() != null) {
            ClusterMetadata metadata = cluster.metadata();
            boolean creates = data.allowAutoTopicCreation() && cluster.autoCreateTopics()
                    && !who.allowed(CREATE, CLUSTER, AclResourceType.CLUSTER_NAME);
            data.topics().removeIf(topic -> {
                String name = topic.name();
                if (name == null) {
                    return false;
                }
                boolean refused = !who.allowed(DESCRIBE, TOPIC, name)
                        || creates && !metadata.topics().containsKey(name) && !who.allowed(CREATE, TOPIC, name);
                if (refused) {
                    denied.add(name);
                }
                return refused;
            });
        }
        Set<Uuid> requestedIds = new HashSet<>();
        if (data.topics() != null) {
            data.topics().stream().filter(t -> t.name() == null).forEach(t -> requestedIds.add(t.topicId()));
        }
        return handler.handle(request).thenApply(answer -> {
            MetadataResponseData response = (MetadataResponseData) answer;
            List<MetadataResponseData.MetadataResponseTopic> hidden = new ArrayList<>();
            for (MetadataResponseData.MetadataResponseTopic topic : response.topics()) {
                if (topic.name() != null && topic.errorCode() == Errors.NONE.code() && !who.allowed(DESCRIBE, TOPIC, topic.name())) {
                    hidden.add(topic);
                }
            }
            // Left out of an all-topics answer (and of a v0 answer whose every named topic was
            // refused, which v0 reads as "all topics"); a topic asked for by id answers, by id only.
            hidden.forEach(topic -> response.topics().remove(topic));
            hidden.stream().filter(topic -> requestedIds.contains(topic.topicId())).forEach(topic -> response.topics().add(
                    new MetadataResponseData.MetadataResponseTopic().setTopicId(topic.topicId()).setName(null)
                            .setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setIsInternal(false)));
            denied.forEach(name -> response.topics().add(new MetadataResponseData.MetadataResponseTopic().setName(name)
                    .setTopicId(Uuid.ZERO_UUID).setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()).setIsInternal(false)));
            return response;
        });
    }

    private CompletionStage<ApiMessage> listGroups(Who who, KafkaRequest request, KafkaApiHandler handler) {
        if (who.allowed(DESCRIBE, CLUSTER, AclResourceType.CLUSTER_NAME)) {
            return handler.handle(request);
        }
        return handler.handle(request).thenApply(answer -> {
            ListGroupsResponseData response = (ListGroupsResponseData) answer;
            response.groups().removeIf(group -> !who.allowed(DESCRIBE, AclResourceType.GROUP, group.groupId()));
            return response;
        });
    }

    /** The principal and host a request is decided for, with the decision. */
    private static final class Who {
        final AclAuthorizer authorizer;
        final String principal;
        final String host;

        Who(AclAuthorizer authorizer, ClientSession session) {
            this.authorizer = authorizer;
            this.principal = session.principal().orElse(ClientSession.ANONYMOUS);
            InetSocketAddress remote = session.remote();
            this.host = remote == null || remote.getAddress() == null ? "*" : remote.getAddress().getHostAddress();
        }

        boolean allowed(AclOperation operation, AclResourceType type, String name) {
            return authorizer.authorize(principal, host, operation, type, name);
        }
    }
}
