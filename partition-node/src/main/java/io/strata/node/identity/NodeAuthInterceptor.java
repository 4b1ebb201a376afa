package io.strata.node.identity;

import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.strata.api.identity.ClusterAuthInterceptor;
import io.strata.api.identity.SecurityConfig;
import jakarta.inject.Singleton;

/**
 * The partition node's check of internal callers of its PartitionService (see
 * {@link ClusterAuthInterceptor}); made at start so an open node is reported at once.
 */
@GlobalInterceptor
@Singleton
@Startup
public class NodeAuthInterceptor extends ClusterAuthInterceptor {

    public NodeAuthInterceptor(SecurityConfig config) {
        super(config, "partition node");
    }
}
