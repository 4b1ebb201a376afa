package io.strata.kafka.admin;

import io.strata.kafka.admin.Outcomes.Failure;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.BrokerThrottles;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * IncrementalAlterConfigs (v0–v1): SET and DELETE on topic configs through
 * {@link TopicConfigChanges}, on the cluster-wide defaults (the BROKER resource with the empty
 * name) through {@link ClusterConfigChanges}, and on this node's dynamic replication throttles (the
 * BROKER resource naming this node, as Kafka's admin client sends it to that broker) through
 * {@link BrokerThrottles}, answered per resource. APPEND and SUBTRACT are refused (INVALID_REQUEST):
 * they edit list configs, and every Strata config holds one value. A BROKER resource naming another
 * node, and any other resource type, are refused. Stateless.
 */
final class IncrementalAlterConfigsHandler implements KafkaApiHandler {

    private final ControlPlane cluster;
    private final TopicConfigChanges changes;
    private final ClusterConfigChanges clusterChanges;
    private final BrokerThrottles throttles;

    IncrementalAlterConfigsHandler(ControlPlane cluster, BrokerThrottles throttles) {
        this.cluster = cluster;
        this.changes = new TopicConfigChanges(cluster);
        this.clusterChanges = new ClusterConfigChanges(cluster);
        this.throttles = throttles;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        IncrementalAlterConfigsRequestData data = request.data();
        Set<ConfigResource> duplicated = Outcomes.duplicates(data.resources(), IncrementalAlterConfigsHandler::resourceOf);
        List<CompletionStage<AlterConfigsResourceResponse>> results = new ArrayList<>();
        for (AlterConfigsResource resource : data.resources()) {
            results.add(Outcomes.attempt(() -> alter(resource, duplicated, data.validateOnly()))
                    .handle((ignored, failure) -> response(resource, failure)));
        }
        return Outcomes.all(results).thenApply(altered -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
            response.responses().addAll(altered);
            return response;
        });
    }

    private CompletionStage<Void> alter(AlterConfigsResource resource, Set<ConfigResource> duplicated, boolean validateOnly) {
        ConfigResource target = resourceOf(resource);
        if (duplicated.contains(target)) {
            throw new InvalidRequestException(target + " appears more than once in the request");
        }
        Map<String, String> set = new HashMap<>();
        Set<String> delete = new HashSet<>();
        switch (target.type()) {
            case TOPIC -> {
                resource.configs().forEach(config -> sortOperation(config, set, delete));
                return changes.alter(target.name(), set, delete, validateOnly);
            }
            case BROKER -> {
                resource.configs().forEach(config -> sortOperation(config, set, delete));
                if (target.name() == null || target.name().isEmpty()) {
                    return clusterChanges.alter(set, delete, validateOnly);
                }
                BrokerConfigs.requireThisBroker(cluster, target.name());
                return throttles.alter(set, delete, validateOnly);
            }
            default -> throw new InvalidRequestException("resource type " + target.type() + " ("
                    + resource.resourceType() + ") is not supported by IncrementalAlterConfigs; TOPIC is");
        }
    }

    /** Puts one operation into {@code set} or {@code delete}, or refuses it. */
    private static void sortOperation(AlterableConfig config, Map<String, String> set, Set<String> delete) {
        String name = config.name();
        if (set.containsKey(name) || delete.contains(name)) {
            throw new InvalidRequestException("config '" + name + "' is altered more than once in one resource");
        }
        AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
        if (op == null) {
            throw new InvalidRequestException("config '" + name + "': unknown operation " + config.configOperation());
        }
        switch (op) {
            case SET -> {
                if (config.value() == null) {
                    throw new InvalidRequestException("config '" + name + "': SET needs a value");
                }
                set.put(name, config.value());
            }
            case DELETE -> delete.add(name);
            case APPEND, SUBTRACT -> throw new InvalidRequestException("config '" + name + "': " + op
                    + " edits list configs, and Strata's topic configs each hold one value; use SET");
        }
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
