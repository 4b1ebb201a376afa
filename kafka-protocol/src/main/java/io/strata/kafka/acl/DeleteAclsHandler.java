package io.strata.kafka.acl;

import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.AclStore;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Kafka's DeleteAcls: each filter checked here (an invalid one answers INVALID_REQUEST naming the
 * field), the valid ones applied in one call, each answered with the bindings it deleted; the
 * node's cache is re-read before the answer. Who may call it (ALTER on the cluster) is the
 * {@link AclGate}'s decision.
 */
final class DeleteAclsHandler implements KafkaApiHandler {

    private final AclStore store;
    private final AclCache cache;

    DeleteAclsHandler(AclStore store, AclCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DELETE_ACLS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DELETE_ACLS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DeleteAclsRequestData data = request.data();
        List<DeleteAclsResponseData.DeleteAclsFilterResult> results = new ArrayList<>();
        List<AclFilter> valid = new ArrayList<>();
        List<DeleteAclsResponseData.DeleteAclsFilterResult> validResults = new ArrayList<>();
        for (DeleteAclsRequestData.DeleteAclsFilter filter : data.filters()) {
            DeleteAclsResponseData.DeleteAclsFilterResult result = new DeleteAclsResponseData.DeleteAclsFilterResult();
            try {
                valid.add(KafkaAclCodes.filter(filter.principalFilter(), filter.hostFilter(), filter.resourceTypeFilter(),
                        filter.resourceNameFilter(), filter.patternTypeFilter(), filter.operation(), filter.permissionType()));
                validResults.add(result);
            } catch (IllegalArgumentException e) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
            results.add(result);
        }
        return store.delete(valid).thenCompose(deleted -> cache.refresh().thenApply(ignored -> deleted))
                .handle((deleted, failure) -> {
                    for (int i = 0; i < validResults.size(); i++) {
                        DeleteAclsResponseData.DeleteAclsFilterResult result = validResults.get(i);
                        if (failure != null) {
                            result.setErrorCode(KafkaErrors.of(failure).code()).setErrorMessage(KafkaErrors.message(failure));
                        } else {
                            result.setMatchingAcls(deleted.get(i).stream().map(DeleteAclsHandler::matching).toList());
                        }
                    }
                    return new DeleteAclsResponseData().setFilterResults(results);
                });
    }

    private static DeleteAclsResponseData.DeleteAclsMatchingAcl matching(AclBinding binding) {
        return new DeleteAclsResponseData.DeleteAclsMatchingAcl().setResourceType(KafkaAclCodes.resourceType(binding))
                .setResourceName(binding.resourceName()).setPatternType(KafkaAclCodes.patternType(binding))
                .setPrincipal(binding.principal()).setHost(binding.host()).setOperation(KafkaAclCodes.operation(binding))
                .setPermissionType(KafkaAclCodes.permission(binding));
    }
}
