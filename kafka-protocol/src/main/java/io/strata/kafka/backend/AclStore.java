package io.strata.kafka.backend;

import io.strata.api.acl.AclBinding;
import io.strata.api.acl.AclFilter;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The metadata service's ACLs as the Kafka listener needs them: every binding (for the cache the
 * listener decides with) and Kafka's CreateAcls, DescribeAcls and DeleteAcls. Forwarded
 * unchanged; the service validates and names what it refuses. Stages fail with
 * {@link io.strata.api.error.StrataException}; none blocks its caller.
 */
public interface AclStore {

    /** Stores the bindings (an existing one is left as it is); answers how many were new. */
    CompletionStage<Integer> create(List<AclBinding> bindings);

    /** The bindings any filter selects; every binding when {@code filters} is empty. */
    CompletionStage<List<AclBinding>> describe(List<AclFilter> filters);

    /** Deletes what each filter selects; answers, per filter in order, the bindings it deleted. */
    CompletionStage<List<List<AclBinding>>> delete(List<AclFilter> filters);
}
