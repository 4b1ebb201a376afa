package io.strata.metadata.rpc;

import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.strata.api.identity.ClusterAuthInterceptor;
import io.strata.api.identity.SecurityConfig;
import jakarta.inject.Singleton;

/**
 * The metadata service's check of internal callers (see {@link ClusterAuthInterceptor}); made at
 * start so an open cluster is reported at once.
 */
@GlobalInterceptor
@Singleton
@Startup
public class MetadataAuthInterceptor extends ClusterAuthInterceptor {

    public MetadataAuthInterceptor(SecurityConfig config) {
        super(config, "metadata service");
    }
}
