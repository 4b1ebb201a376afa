package io.strata.coordinator.health;

import io.quarkus.runtime.Startup;
import io.strata.api.health.EventLoopLivenessCheck;
import io.strata.coordinator.config.CoordinatorConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Liveness;

/**
 * This service's {@code event-loops} liveness ({@link EventLoopLivenessCheck}), held to
 * {@code strata.coordinator.event-loop-stall-after}, probing every {@code strata.coordinator.event-loop-probe-interval}.
 */
@Liveness
@Startup
@Singleton
public class EventLoopLiveness extends EventLoopLivenessCheck {

    EventLoopLiveness(Vertx vertx, CoordinatorConfig config) {
        super(vertx, config.eventLoopProbeInterval(), config.eventLoopStallAfter());
    }
}
