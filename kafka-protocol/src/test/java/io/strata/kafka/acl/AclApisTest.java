package io.strata.kafka.acl;

import io.strata.api.acl.AclCache;
import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;
import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.AclStore;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.DeleteAclsRequest;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class AclApisTest {

    /** The metadata service's ACLs, in memory. */
    private static final class MemoryStore implements AclStore {
        final List<AclBinding> bindings = new ArrayList<>();

        public CompletionStage<Integer> create(List<AclBinding> created) {
            List<AclBinding> fresh = created.stream().filter(b -> !bindings.contains(b)).toList();
            bindings.addAll(fresh);
            return CompletableFuture.completedFuture(fresh.size());
        }

        public CompletionStage<List<AclBinding>> describe(List<AclFilter> filters) {
            return CompletableFuture.completedFuture(bindings.stream()
                    .filter(b -> filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(b))).toList());
        }

        public CompletionStage<List<List<AclBinding>>> delete(List<AclFilter> filters) {
            List<List<AclBinding>> deleted = filters.stream().map(f -> bindings.stream().filter(f::matches).toList()).toList();
            deleted.forEach(bindings::removeAll);
            return CompletableFuture.completedFuture(deleted);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final AclCache cache = new AclCache(() -> store.describe(List.of()), Set.of(), false, Duration.ofHours(1), System::nanoTime);
    private final List<KafkaApiHandler> handlers = AclApis.handlers(store, cache);

    private static CreateAclsRequestData.AclCreation creation(String name, PatternType pattern, AclOperation operation) {
        return new CreateAclsRequestData.AclCreation().setResourceType(ResourceType.TOPIC.code()).setResourceName(name)
                .setResourcePatternType(pattern.code()).setPrincipal("User:alice").setHost("*")
                .setOperation(operation.code()).setPermissionType(AclPermissionType.ALLOW.code());
    }

    @Test
    void anInvalidCreationIsAnsweredAloneAndTheOthersTakeEffectAtOnce() throws Exception {
        CreateAclsResponseData created = Requests.call(handlers.get(0), new CreateAclsRequest.Builder(new CreateAclsRequestData()
                .setCreations(List.of(creation("orders-", PatternType.PREFIXED, AclOperation.WRITE),
                        creation("*", PatternType.PREFIXED, AclOperation.READ),
                        creation("orders", PatternType.LITERAL, AclOperation.CREATE_TOKENS)))).build((short) 3));
        assertThat(created.results()).extracting(r -> Errors.forCode(r.errorCode()))
                .containsExactly(Errors.NONE, Errors.INVALID_REQUEST, Errors.INVALID_REQUEST);
        assertThat(created.results().get(1).errorMessage()).contains("a PREFIXED pattern cannot be '*'");
        assertThat(created.results().get(2).errorMessage()).contains("operation: 'CREATE_TOKENS' is not one of");
        assertThat(store.bindings).hasSize(1);
        assertThat(cache.authorizer().toCompletableFuture().join()
                .authorize("User:alice", "10.0.0.1", io.strata.api.acl.AclOperation.WRITE, io.strata.api.acl.AclResourceType.TOPIC,
                        "orders-eu")).as("in force on this node before the answer").isTrue();
    }

    @Test
    void deleteAnswersWhatEachFilterRemoved() throws Exception {
        Requests.call(handlers.get(0), new CreateAclsRequest.Builder(new CreateAclsRequestData()
                .setCreations(List.of(creation("a", PatternType.LITERAL, AclOperation.READ),
                        creation("b", PatternType.LITERAL, AclOperation.READ)))).build((short) 3));
        DeleteAclsResponseData deleted = Requests.call(handlers.get(2), new DeleteAclsRequest.Builder(new DeleteAclsRequestData()
                .setFilters(List.of(new DeleteAclsRequestData.DeleteAclsFilter().setResourceTypeFilter(ResourceType.TOPIC.code())
                        .setResourceNameFilter("a").setPatternTypeFilter(PatternType.MATCH.code())
                        .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code()))))
                .build((short) 3));
        assertThat(deleted.filterResults()).hasSize(1);
        assertThat(deleted.filterResults().get(0).matchingAcls()).extracting(DeleteAclsResponseData.DeleteAclsMatchingAcl::resourceName)
                .containsExactly("a");
        assertThat(store.bindings).extracting(AclBinding::resourceName).containsExactly("b");
    }
}
