package io.strata.kafka.acl;

import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclBinding;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.AclStore;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Kafka's CreateAcls: each creation checked here (an invalid one answers INVALID_REQUEST naming the
 * field, the others are still stored, as in Kafka), the valid ones stored in one call, and the
 * node's cache re-read before the answer so they are in force here when the client hears back.
 * Who may call it (ALTER on the cluster) is the {@link AclGate}'s decision.
 */
final class CreateAclsHandler implements KafkaApiHandler {

    private final AclStore store;
    private final AclCache cache;

    CreateAclsHandler(AclStore store, AclCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.CREATE_ACLS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.CREATE_ACLS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        CreateAclsRequestData data = request.data();
        List<CreateAclsResponseData.AclCreationResult> results = new ArrayList<>();
        List<AclBinding> valid = new ArrayList<>();
        for (CreateAclsRequestData.AclCreation creation : data.creations()) {
            CreateAclsResponseData.AclCreationResult result = new CreateAclsResponseData.AclCreationResult();
            try {
                valid.add(KafkaAclCodes.binding(creation.principal(), creation.host(), creation.resourceType(),
                        creation.resourceName(), creation.resourcePatternType(), creation.operation(), creation.permissionType()));
            } catch (IllegalArgumentException e) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
            results.add(result);
        }
        return store.create(valid).thenCompose(created -> cache.refresh()).handle((ignored, failure) -> {
            if (failure != null) {
                results.stream().filter(r -> r.errorCode() == Errors.NONE.code()).forEach(r -> r
                        .setErrorCode(KafkaErrors.of(failure).code()).setErrorMessage(KafkaErrors.message(failure)));
            }
            return new CreateAclsResponseData().setResults(results);
        });
    }
}
