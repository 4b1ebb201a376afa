package io.strata.kafka.acl;

import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.AclStore;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kafka's DescribeAcls: the metadata service's bindings the filter selects, grouped by resource
 * pattern as Kafka answers. Read from the service, not the node's cache, so it shows what is
 * stored now. Who may call it (DESCRIBE on the cluster) is the {@link AclGate}'s decision.
 */
final class DescribeAclsHandler implements KafkaApiHandler {

    private final AclStore store;

    DescribeAclsHandler(AclStore store) {
        this.store = store;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DESCRIBE_ACLS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DESCRIBE_ACLS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DescribeAclsRequestData data = request.data();
        AclFilter filter;
        try {
            filter = KafkaAclCodes.filter(data.principalFilter(), data.hostFilter(), data.resourceTypeFilter(),
                    data.resourceNameFilter(), data.patternTypeFilter(), data.operation(), data.permissionType());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new InvalidRequestException(e.getMessage()));
        }
        return store.describe(List.of(filter)).thenApply(DescribeAclsHandler::answer);
    }

    private static ApiMessage answer(List<AclBinding> bindings) {
        Map<List<Object>, DescribeAclsResponseData.DescribeAclsResource> byResource = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            byResource.computeIfAbsent(List.of(binding.resourceType(), binding.resourceName(), binding.patternType()),
                    k -> new DescribeAclsResponseData.DescribeAclsResource().setResourceType(KafkaAclCodes.resourceType(binding))
                            .setResourceName(binding.resourceName()).setPatternType(KafkaAclCodes.patternType(binding))
                            .setAcls(new ArrayList<>()))
                    .acls().add(new DescribeAclsResponseData.AclDescription().setPrincipal(binding.principal())
                            .setHost(binding.host()).setOperation(KafkaAclCodes.operation(binding))
                            .setPermissionType(KafkaAclCodes.permission(binding)));
        }
        return new DescribeAclsResponseData().setResources(new ArrayList<>(byResource.values()));
    }
}
