package io.strata.kafka.admin;

import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.BrokerThrottles;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DescribeConfigs (v1–v4). A TOPIC resource is described by the metadata service (every known
 * key: overrides as DYNAMIC_TOPIC_CONFIG, cluster defaults set at run time as
 * DYNAMIC_DEFAULT_BROKER_CONFIG, those of {@code strata.metadata.topic-defaults} as
 * STATIC_BROKER_CONFIG, the rest as DEFAULT_CONFIG); a BROKER resource naming this node by
 * {@link BrokerConfigs}; the BROKER resource with the empty name (the cluster-wide defaults) by
 * {@link ClusterConfigChanges#describeDefaults}; any other type is refused per resource with INVALID_REQUEST. Requested
 * keys filter the answer, and unknown ones are left out, as Kafka does. Stateless.
 */
final class DescribeConfigsHandler implements KafkaApiHandler {

    private final ControlPlane cluster;
    private final ClusterConfigChanges clusterDefaults;
    private final BrokerThrottles throttles;

    DescribeConfigsHandler(ControlPlane cluster, BrokerThrottles throttles) {
        this.cluster = cluster;
        this.clusterDefaults = new ClusterConfigChanges(cluster);
        this.throttles = throttles;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DESCRIBE_CONFIGS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DESCRIBE_CONFIGS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DescribeConfigsRequestData data = request.data();
        List<CompletionStage<DescribeConfigsResult>> results = new ArrayList<>();
        for (DescribeConfigsResource resource : data.resources()) {
            results.add(describe(resource).handle((configs, failure) ->
                    result(resource, configs, failure, request.version(), data)));
        }
        return Outcomes.all(results).thenApply(described -> {
            DescribeConfigsResponseData response = new DescribeConfigsResponseData();
            response.results().addAll(described);
            return response;
        });
    }

    private CompletionStage<List<ConfigDescription>> describe(DescribeConfigsResource resource) {
        return Outcomes.attempt(() -> switch (ConfigResource.Type.forId(resource.resourceType())) {
            case TOPIC -> describeTopic(resource.resourceName());
            case BROKER -> resource.resourceName() == null || resource.resourceName().isEmpty()
                    ? clusterDefaults.describeDefaults()
                    : CompletableFuture.completedFuture(BrokerConfigs.describe(cluster, throttles, resource.resourceName()));
            default -> throw new InvalidRequestException("resource type "
                    + ConfigResource.Type.forId(resource.resourceType()) + " (" + resource.resourceType()
                    + ") is not supported by DescribeConfigs; TOPIC and BROKER are");
        });
    }

    private CompletionStage<List<ConfigDescription>> describeTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            // The service would answer the cluster defaults for no topic; Kafka refuses the empty name.
            throw new InvalidTopicException("a TOPIC resource needs a topic name");
        }
        return cluster.describeConfigs(DescribeConfigsRequest.newBuilder().setTopic(topic).build())
                .thenApply(described -> described.getEntriesList().stream().map(DescribeConfigsHandler::of).toList());
    }

    private static ConfigDescription of(ConfigEntry entry) {
        return new ConfigDescription(entry.getName(), entry.getValue(), false,
                TopicConfigView.kafkaSource(entry.getSource()), TopicConfigView.kafkaType(entry.getType()),
                entry.getDocumentation());
    }

    private static DescribeConfigsResult result(DescribeConfigsResource resource, List<ConfigDescription> configs,
                                                Throwable failure, short version, DescribeConfigsRequestData data) {
        DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        if (failure != null) {
            Failure error = Failure.of(failure);
            return result.setErrorCode(error.code()).setErrorMessage(error.message());
        }
        for (ConfigDescription config : configs) {
            if (config.requestedBy(resource.configurationKeys())) {
                result.configs().add(config.toKafka(version, data.includeSynonyms(), data.includeDocumentation()));
            }
        }
        return result;
    }
}
