package io.strata.gateway.health;

import io.quarkus.runtime.Startup;
import io.strata.api.health.EventLoopLivenessCheck;
import io.strata.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Liveness;

/**
 * This service's {@code event-loops} liveness ({@link EventLoopLivenessCheck}), held to
 * {@code strata.gateway.event-loop-stall-after}, probing every {@code strata.gateway.event-loop-probe-interval}.
 */
@Liveness
@Startup
@Singleton
public class EventLoopLiveness extends EventLoopLivenessCheck {

    EventLoopLiveness(Vertx vertx, GatewayConfig config) {
        super(vertx, config.eventLoopProbeInterval(), config.eventLoopStallAfter());
    }
}
