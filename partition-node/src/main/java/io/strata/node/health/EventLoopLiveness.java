package io.strata.node.health;

import io.quarkus.runtime.Startup;
import io.strata.api.health.EventLoopLivenessCheck;
import io.strata.node.config.NodeConfig;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Liveness;

/**
 * The node's {@code event-loops} liveness ({@link EventLoopLivenessCheck}), held to
 * {@code strata.node.health.event-loop-stall-after}, probing every
 * {@code strata.node.health.event-loop-probe-interval}.
 */
@Liveness
@Startup
@Singleton
public class EventLoopLiveness extends EventLoopLivenessCheck {

    EventLoopLiveness(Vertx vertx, NodeConfig config) {
        super(vertx, config.health().eventLoopProbeInterval(), config.health().eventLoopStallAfter());
    }
}
