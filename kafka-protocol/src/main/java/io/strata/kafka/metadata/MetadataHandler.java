package io.strata.kafka.metadata;

import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Metadata (v0 to the newest kafka-clients knows), answered from this node's view of the cluster
 * ({@link ControlPlane#metadata()}), so it is never staler than what the node routes by.
 *
 * <ul>
 *   <li>Brokers: the UP nodes with a Kafka listener ({@link KafkaEndpoint}).</li>
 *   <li>Controller: Strata's controller when it is one of those brokers, else this node: Kafka
 *       clients send CreateTopics and the like to "the controller", and every node forwards those
 *       to the metadata service, so any live broker serves.</li>
 *   <li>A partition without a leader, or whose leader is not a live broker, is LEADER_NOT_AVAILABLE
 *       with leader −1 (as Kafka); offline replicas are the replicas whose node is not UP.</li>
 *   <li>An unknown topic requested by name is created when the cluster allows auto-creation and the
 *       request does (partitions and replication factor: the metadata service's defaults), and is
 *       then LEADER_NOT_AVAILABLE until its leaders are in the view (the client retries); otherwise
 *       UNKNOWN_TOPIC_OR_PARTITION. An unknown topic id is UNKNOWN_TOPIC_ID.</li>
 *   <li>Before this node's first snapshot: no topics, and LEADER_NOT_AVAILABLE for each one named.</li>
 * </ul>
 * Stateless apart from its backend; thread-safe.
 */
final class MetadataHandler implements KafkaApiHandler {

    private static final Logger LOG = Logger.getLogger(MetadataHandler.class);

    private final ControlPlane controlPlane;

    MetadataHandler(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public short minVersion() {
        return ApiKeys.METADATA.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.METADATA.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        MetadataRequest body = (MetadataRequest) request.body();
        ClusterMetadata metadata = controlPlane.metadata();
        MetadataResponseData response = brokersAndController(metadata);
        if (body.isAllTopics()) {
            if (metadata.initialized()) {
                metadata.topics().values().stream()
                        .sorted((a, b) -> a.getName().compareTo(b.getName()))
                        .forEach(topic -> response.topics().add(describe(topic, metadata)));
            }
            return CompletableFuture.completedFuture(response);
        }
        List<CompletableFuture<MetadataResponseTopic>> topics = new ArrayList<>();
        for (MetadataRequestTopic requested : body.data().topics()) {
            topics.add(answer(requested, metadata, body.allowAutoTopicCreation()).toCompletableFuture());
        }
        return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(v -> {
            topics.forEach(t -> response.topics().add(t.join()));
            return response;
        });
    }

    private CompletionStage<MetadataResponseTopic> answer(MetadataRequestTopic requested, ClusterMetadata metadata,
                                                          boolean allowAutoCreate) {
        // v10+ may name a topic by id alone (its name then null or empty); an id, when present, wins.
        boolean byId = requested.topicId() != null && !requested.topicId().equals(Uuid.ZERO_UUID);
        if (!metadata.initialized()) {
            return done(error(requested.name(), byId ? requested.topicId() : Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE));
        }
        if (byId) {
            TopicDescription topic = TopicIds.byId(metadata).get(requested.topicId());
            return done(topic == null ? error(null, requested.topicId(), Errors.UNKNOWN_TOPIC_ID) : describe(topic, metadata));
        }
        TopicDescription topic = metadata.topics().get(requested.name());
        if (topic != null) {
            return done(describe(topic, metadata));
        }
        if (!controlPlane.autoCreateTopics() || !allowAutoCreate) {
            return done(error(requested.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
        return autoCreate(requested.name());
    }

    /** Creates the topic with the service's defaults; the client learns its leaders on a later Metadata. */
    private CompletionStage<MetadataResponseTopic> autoCreate(String name) {
        CreateTopicRequest create = CreateTopicRequest.newBuilder().setName(name).setPartitions(0).setReplicationFactor(0).build();
        return controlPlane.createTopic(create).handle((created, failure) -> {
            if (failure == null || isAlreadyExists(failure)) {
                return error(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE);
            }
            LOG.debugf("auto-creating topic '%s' failed: %s", name, KafkaErrors.message(failure));
            return error(name, Uuid.ZERO_UUID, KafkaErrors.of(failure));
        });
    }

    private static boolean isAlreadyExists(Throwable failure) {
        return KafkaErrors.of(failure) == Errors.TOPIC_ALREADY_EXISTS;
    }

    private MetadataResponseData brokersAndController(ClusterMetadata metadata) {
        MetadataResponseData response = new MetadataResponseData()
                .setThrottleTimeMs(0)
                .setClusterId(controlPlane.clusterId());
        Set<Integer> brokers = KafkaEndpoint.live(metadata).stream().map(endpoint -> {
            response.brokers().add(new MetadataResponseBroker().setNodeId(endpoint.nodeId())
                    .setHost(endpoint.host()).setPort(endpoint.port()).setRack(endpoint.rack()));
            return endpoint.nodeId();
        }).collect(Collectors.toSet());
        int controller = metadata.controller().getNodeId();
        response.setControllerId(brokers.contains(controller) ? controller : controlPlane.localNodeId());
        return response;
    }

    private static MetadataResponseTopic describe(TopicDescription topic, ClusterMetadata metadata) {
        MetadataResponseTopic answer = new MetadataResponseTopic()
                .setErrorCode(Errors.NONE.code())
                .setName(topic.getName())
                .setTopicId(TopicIds.toKafka(topic.getTopicId()))
                .setIsInternal(false);
        for (PartitionDescription partition : topic.getPartitionsList()) {
            answer.partitions().add(describe(partition, metadata));
        }
        return answer;
    }

    private static MetadataResponsePartition describe(PartitionDescription partition, ClusterMetadata metadata) {
        Map<Integer, NodeDescription> nodes = metadata.nodes();
        boolean leaderLive = partition.getLeader() >= 0 && KafkaEndpoint.of(metadata, partition.getLeader()).isPresent();
        List<Integer> offline = partition.getReplicasList().stream()
                .filter(id -> nodes.get(id) == null || nodes.get(id).getState() != NodeState.NODE_STATE_UP)
                .toList();
        return new MetadataResponsePartition()
                .setErrorCode(leaderLive ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                .setPartitionIndex(partition.getPartition())
                .setLeaderId(leaderLive ? partition.getLeader() : -1)
                .setLeaderEpoch(partition.getLeaderEpoch())
                .setReplicaNodes(new ArrayList<>(partition.getReplicasList()))
                .setIsrNodes(new ArrayList<>(partition.getIsrList()))
                .setOfflineReplicas(new ArrayList<>(offline));
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code()).setIsInternal(false);
    }

    private static CompletionStage<MetadataResponseTopic> done(MetadataResponseTopic topic) {
        return CompletableFuture.completedFuture(topic);
    }
}
