package io.strata.coordinator.identity;

import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.strata.api.identity.ClusterAuthInterceptor;
import io.strata.api.identity.SecurityConfig;
import jakarta.inject.Singleton;

/**
 * The group coordinator's check of internal callers of its GroupCoordinatorService (see
 * {@link ClusterAuthInterceptor}); made at start so an open coordinator is reported at once.
 */
@GlobalInterceptor
@Singleton
@Startup
public class CoordinatorAuthInterceptor extends ClusterAuthInterceptor {

    public CoordinatorAuthInterceptor(SecurityConfig config) {
        super(config, "group coordinator");
    }
}
