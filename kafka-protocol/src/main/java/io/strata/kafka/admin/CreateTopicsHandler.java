package io.strata.kafka.admin;

import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.CreateTopicRequest;
import io.strata.api.v1.CreateTopicResponse;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.api.v1.TopicDescription;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.CreateTopicsRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CreateTopics (v2–v7): one metadata-service CreateTopic per topic, each answered on its own. A
 * partition count or replication factor of −1 asks for the cluster default (the service's 0);
 * 0 or below −1 is refused here, since the service would read 0 as "default". Explicit replica
 * assignments are refused (INVALID_REQUEST): the service places replicas itself. From v5 a
 * created topic is answered with its effective configs: the cluster defaults (described once per
 * request) with the topic's overrides on top, which also serves validate_only, where the topic
 * does not exist to be described. Stateless; all work is in the returned stages.
 */
final class CreateTopicsHandler implements KafkaApiHandler {

    private static final short FIRST_VERSION_WITH_CONFIGS = 5;
    private static final short FIRST_VERSION_WITH_TOPIC_ID = 7;

    private final ControlPlane cluster;

    CreateTopicsHandler(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.CREATE_TOPICS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.CREATE_TOPICS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        CreateTopicsRequestData data = request.data();
        short version = request.version();
        Set<String> duplicated = Outcomes.duplicates(data.topics(), CreatableTopic::name);
        List<String> names = new ArrayList<>();
        List<CompletionStage<Created>> created = new ArrayList<>();
        for (CreatableTopic topic : data.topics()) {
            names.add(topic.name());
            created.add(create(topic, duplicated, data.validateOnly()));
        }
        CompletionStage<Defaults> defaults = version >= FIRST_VERSION_WITH_CONFIGS && !created.isEmpty()
                ? describeDefaults() : CompletableFuture.completedFuture(new Defaults(List.of(), null));
        return Outcomes.all(created).thenCombine(defaults, (outcomes, describedDefaults) -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData();
            for (int i = 0; i < outcomes.size(); i++) {
                response.topics().add(result(names.get(i), outcomes.get(i), describedDefaults, version));
            }
            return response;
        });
    }

    /** The created (or validated) topic, or why not: never a failed stage. */
    private CompletionStage<Created> create(CreatableTopic topic, Set<String> duplicated, boolean validateOnly) {
        return Outcomes.attempt(() -> {
            if (duplicated.contains(topic.name())) {
                throw new InvalidRequestException("topic '" + topic.name() + "' appears more than once in the request");
            }
            return cluster.createTopic(toStrata(topic, validateOnly));
        }).thenCompose(response -> validateOnly
                ? CompletableFuture.completedFuture(response)
                : cluster.awaitVersion(response.getMetadataVersion()).thenApply(ignored -> response)
        ).handle((response, failure) -> failure == null
                ? new Created(response.getTopic(), null) : new Created(null, Failure.of(failure)));
    }

    /** The service's request for one Kafka topic, or the Kafka error of what the service cannot express. */
    static CreateTopicRequest toStrata(CreatableTopic topic, boolean validateOnly) {
        if (!topic.assignments().isEmpty()) {
            throw new InvalidRequestException("topic '" + topic.name() + "': explicit replica assignments are not"
                    + " supported yet; give num_partitions and replication_factor (-1 for the cluster defaults)");
        }
        int partitions = topic.numPartitions();
        if (partitions == 0 || partitions < CreateTopicsRequest.NO_NUM_PARTITIONS) {
            throw new InvalidPartitionsException("num_partitions: " + partitions
                    + " must be at least 1, or -1 for the cluster default");
        }
        short replicationFactor = topic.replicationFactor();
        if (replicationFactor == 0 || replicationFactor < CreateTopicsRequest.NO_REPLICATION_FACTOR) {
            throw new InvalidReplicationFactorException("replication_factor: " + replicationFactor
                    + " must be at least 1, or -1 for the cluster default");
        }
        return CreateTopicRequest.newBuilder()
                .setName(topic.name())
                .setPartitions(partitions == CreateTopicsRequest.NO_NUM_PARTITIONS ? 0 : partitions)
                .setReplicationFactor(replicationFactor == CreateTopicsRequest.NO_REPLICATION_FACTOR ? 0 : replicationFactor)
                .putAllConfigs(configs(topic))
                .setValidateOnly(validateOnly)
                .build();
    }

    private static Map<String, String> configs(CreatableTopic topic) {
        Map<String, String> configs = new HashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            if (config.value() == null) {
                throw new InvalidConfigurationException("configs: '" + config.name() + "' has no value");
            }
            if (configs.put(config.name(), config.value()) != null) {
                throw new InvalidRequestException("configs: '" + config.name() + "' is given more than once");
            }
        }
        return configs;
    }

    private CompletionStage<Defaults> describeDefaults() {
        return Outcomes.attempt(() -> cluster.describeConfigs(DescribeConfigsRequest.getDefaultInstance()))
                .handle((described, failure) -> failure == null
                        ? new Defaults(described.getEntriesList(), null) : new Defaults(List.of(), Failure.of(failure)));
    }

    private static CreatableTopicResult result(String name, Created created, Defaults defaults, short version) {
        CreatableTopicResult result = new CreatableTopicResult().setName(name);
        if (created.failure() != null) {
            return result.setErrorCode(created.failure().code()).setErrorMessage(created.failure().message());
        }
        TopicDescription topic = created.topic();
        if (version >= FIRST_VERSION_WITH_TOPIC_ID) {
            result.setTopicId(TopicIds.toKafka(topic.getTopicId()));
        }
        if (version >= FIRST_VERSION_WITH_CONFIGS) {
            result.setNumPartitions(topic.getPartitionsCount())
                    .setReplicationFactor((short) topic.getReplicationFactor());
            if (defaults.failure() != null) {
                // The topic exists; only its config listing is missing, which is what this code is for.
                result.setTopicConfigErrorCode(defaults.failure().code());
            } else {
                result.setConfigs(configs(TopicConfigView.effective(defaults.entries(), topic.getConfigsMap())));
            }
        }
        return result;
    }

    private static List<CreatableTopicConfigs> configs(List<ConfigEntry> entries) {
        List<CreatableTopicConfigs> configs = new ArrayList<>(entries.size());
        for (ConfigEntry entry : entries) {
            configs.add(new CreatableTopicConfigs()
                    .setName(entry.getName())
                    .setValue(entry.getValue())
                    .setReadOnly(false)
                    .setConfigSource(TopicConfigView.kafkaSource(entry.getSource()))
                    .setIsSensitive(false));
        }
        return configs;
    }

    /** One topic's outcome: the topic as created (or as it would be), or its failure. */
    private record Created(TopicDescription topic, Failure failure) {
    }

    /** The cluster's default topic configs, or why they could not be described. */
    private record Defaults(List<ConfigEntry> entries, Failure failure) {
    }
}
