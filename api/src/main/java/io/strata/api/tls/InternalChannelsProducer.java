package io.strata.api.tls;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes {@link InternalChannels} injectable in every service, built once from {@code strata.tls.*},
 * so a service has one place that decides how its internal channels are secured.
 */
@Singleton
public class InternalChannelsProducer {

    @Produces
    @Singleton
    InternalChannels internalChannels(TlsConfig config) {
        return InternalChannels.of(config);
    }
}
