package io.strata.kafka.admin;

import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The legacy AlterConfigs (v0–v2): a topic resource's configs become the topic's whole override
 * set (overrides it does not name return to the cluster default), through
 * {@link TopicConfigChanges#replace}. A config without a value is treated as not named, which
 * removes its override. The BROKER resource with the empty name replaces the cluster-wide
 * defaults the same way ({@link ClusterConfigChanges#replace}); one naming a broker is static in
 * Strata and refused; so is any other resource type. Stateless.
 */
final class AlterConfigsHandler implements KafkaApiHandler {

    private final TopicConfigChanges changes;
    private final ClusterConfigChanges clusterChanges;

    AlterConfigsHandler(ControlPlane cluster) {
        this.changes = new TopicConfigChanges(cluster);
        this.clusterChanges = new ClusterConfigChanges(cluster);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.ALTER_CONFIGS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.ALTER_CONFIGS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        AlterConfigsRequestData data = request.data();
        Set<ConfigResource> duplicated = Outcomes.duplicates(data.resources(), AlterConfigsHandler::resourceOf);
        List<CompletionStage<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : data.resources()) {
            results.add(Outcomes.attempt(() -> replace(resource, duplicated, data.validateOnly()))
                    .handle((ignored, failure) -> response(resource, failure)));
        }
        return Outcomes.all(results).thenApply(altered -> {
            AlterConfigsResponseData response = new AlterConfigsResponseData();
            response.responses().addAll(altered);
            return response;
        });
    }

    private CompletionStage<Void> replace(AlterConfigsResource resource, Set<ConfigResource> duplicated,
                                          boolean validateOnly) {
        ConfigResource target = resourceOf(resource);
        if (duplicated.contains(target)) {
            throw new InvalidRequestException(target + " appears more than once in the request");
        }
        switch (target.type()) {
            case TOPIC -> {
                return changes.replace(target.name(), named(resource), validateOnly);
            }
            case BROKER -> {
                ClusterConfigChanges.requireClusterDefault(target.name());
                return clusterChanges.replace(named(resource), validateOnly);
            }
            default -> throw new InvalidRequestException("resource type " + target.type() + " ("
                    + resource.resourceType() + ") is not supported by AlterConfigs; TOPIC is");
        }
    }

    /** The resource's configs that have a value, by name; a name given twice is refused. */
    private static Map<String, String> named(AlterConfigsResource resource) {
        Map<String, String> configs = new HashMap<>();
        for (AlterableConfig config : resource.configs()) {
            if (config.value() != null && configs.put(config.name(), config.value()) != null) {
                throw new InvalidRequestException("config '" + config.name() + "' is given more than once");
            }
        }
        return configs;
    }

    private static ConfigResource resourceOf(AlterConfigsResource resource) {
        return new ConfigResource(ConfigResource.Type.forId(resource.resourceType()), resource.resourceName());
    }

    private static AlterConfigsResourceResponse response(AlterConfigsResource resource, Throwable failure) {
        AlterConfigsResourceResponse response = new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
        if (failure != null) {
            Failure error = Failure.of(failure);
            response.setErrorCode(error.code()).setErrorMessage(error.message());
        }
        return response;
    }
}
