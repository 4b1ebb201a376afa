package io.strata.metadata.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The metadata service's view of the controller on {@code /q/metrics}: leader elections and ISR
 * changes it committed, controller changes (a claim at a higher controller epoch) and the current
 * controller epoch. The controller itself runs on the partition nodes (their raft group elects
 * it, {@code strata_controller_active} there); every write it makes comes through here, so this is
 * where they are counted once for the whole cluster.
 *
 * <p>Created at start-up ({@code @Startup}), so that the series exist, at zero and -1, before the
 * first claim: an alert on an absent series would otherwise fire on every fresh service.
 *
 * <p>Called after the write's transaction committed (a refused or failed write is not counted).
 * Thread-safe: counters and an atomic epoch.
 */
@Startup
@ApplicationScoped
public class ControllerMetrics {

    private final Counter elections;
    private final Counter isrChanges;
    private final Counter controllerChanges;
    private final AtomicLong epoch = new AtomicLong(-1);

    public ControllerMetrics(MeterRegistry registry) {
        elections = Counter.builder("strata.metadata.leader.elections")
                .description("Partition leader elections committed (Kafka: LeaderElectionRateAndTimeMs)").register(registry);
        isrChanges = Counter.builder("strata.metadata.isr.changes")
                .description("ISR changes committed from partition leaders' AlterPartition (Kafka: IsrShrinks + IsrExpands, cluster-wide)")
                .register(registry);
        controllerChanges = Counter.builder("strata.metadata.controller.changes")
                .description("Controller claims seen at a higher controller epoch than before (Kafka: ControllerChangeRate)")
                .register(registry);
        Gauge.builder("strata.metadata.controller.epoch", epoch, AtomicLong::get)
                .description("The controller epoch of the latest claim or election; -1 before any").register(registry);
    }

    /** {@code partitions} leaders were elected (or replicas fenced) by the controller at {@code controllerEpoch}. */
    public void elected(int partitions, long controllerEpoch) {
        elections.increment(partitions);
        controllerAt(controllerEpoch);
    }

    public void isrChanged() {
        isrChanges.increment();
    }

    /** {@code partitions} ISR changes of one AlterPartitions request were committed. */
    public void isrsChanged(int partitions) {
        isrChanges.increment(partitions);
    }

    /** A claim answered with the controller at {@code controllerEpoch}. */
    public void controllerAt(long controllerEpoch) {
        long before = epoch.getAndAccumulate(controllerEpoch, Math::max);
        if (controllerEpoch > before) {
            controllerChanges.increment();
        }
    }
}
