package io.strata.api.health;

import io.vertx.core.Vertx;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/**
 * The liveness check {@code event-loops} every service runs: live while each Vert.x event loop
 * (they serve gRPC, HTTP and the Kafka listener) runs the task its {@link EventLoopProbe} gives it,
 * down once one has not for {@code stallAfter}: something blocks that loop, every connection on it
 * hangs, and only a restart helps. The probe request itself may land on the blocked loop and hang;
 * an orchestrator's probe timeout then reads as down, the same answer.
 *
 * <p>Each service subclasses it as a {@code @Liveness @Startup @Singleton} bean (so the probe runs
 * from start-up), passing its own settings. Immutable; {@link #call} is safe from any thread.
 */
public abstract class EventLoopLivenessCheck implements HealthCheck {

    private final EventLoopProbe probe;
    private final Duration stallAfter;

    protected EventLoopLivenessCheck(Vertx vertx, Duration probeInterval, Duration stallAfter) {
        this.probe = new EventLoopProbe(vertx.nettyEventLoopGroup(), probeInterval);
        this.stallAfter = stallAfter;
    }

    @Override
    public HealthCheckResponse call() {
        Verdict verdict = probe.verdict(System.nanoTime(), stallAfter);
        return HealthCheckResponse.named("event-loops").status(verdict.up()).withData("reason", verdict.reason()).build();
    }
}
