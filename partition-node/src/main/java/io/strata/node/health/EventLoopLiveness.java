package io.strata.node.health;

import io.quarkus.runtime.StartupEvent;
import io.strata.node.config.NodeConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while every Vert.x event loop (they serve gRPC, HTTP and the Kafka listener) runs the tiny
 * task an {@link EventLoopProbe} gives it every {@code strata.node.health.event-loop-probe-interval}:
 * down once one has not run it for {@code strata.node.health.event-loop-stall-after}, i.e.
 * something blocks that loop and every connection on it hangs. The probe request itself may land
 * on the blocked loop and hang; an orchestrator's probe timeout then reads as down, the same answer.
 */
@Liveness
@ApplicationScoped
public class EventLoopLiveness implements HealthCheck {

    @Inject
    Vertx vertx;
    @Inject
    NodeConfig config;

    private volatile EventLoopProbe probe;

    void start(@Observes StartupEvent event) {
        probe = new EventLoopProbe(vertx.nettyEventLoopGroup(), config.health().eventLoopProbeInterval());
    }

    @Override
    public HealthCheckResponse call() {
        EventLoopProbe started = probe;
        if (started == null) {
            return HealthCheckResponse.named("event-loops").up().withData("reason", "starting").build();
        }
        Verdict verdict = started.verdict(System.nanoTime(), config.health().eventLoopStallAfter());
        return HealthCheckResponse.named("event-loops").status(verdict.up()).withData("reason", verdict.reason()).build();
    }
}
