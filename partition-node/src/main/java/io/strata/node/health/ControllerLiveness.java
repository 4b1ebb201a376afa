package io.strata.node.health;

import io.strata.api.health.Verdict;
import io.strata.node.config.NodeConfig;
import io.strata.node.election.ControllerRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the controller thread (raft role changes, views, leader elections) ticks: down once
 * it has not started a tick for {@code strata.node.health.controller-stall-after}, i.e. it is
 * wedged in a call into the raft group or the metadata service that never returns. Up on a node
 * that is not a member of the raft group. The decision is {@link HealthRules#controller};
 * {@code ControllerWedgeIT} suspends the real thread with a debugger and sees this turn DOWN and UP.
 */
@Liveness
@ApplicationScoped
public class ControllerLiveness implements HealthCheck {

    @Inject
    ControllerRunner controller;
    @Inject
    NodeConfig config;

    @Override
    public HealthCheckResponse call() {
        Verdict verdict = HealthRules.controller(controller.running(), controller.lastTickNanos(), System.nanoTime(),
                config.health().controllerStallAfter());
        return HealthCheckResponse.named("controller").status(verdict.up()).withData("reason", verdict.reason()).build();
    }
}
