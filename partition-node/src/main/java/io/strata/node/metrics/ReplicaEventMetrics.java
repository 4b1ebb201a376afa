package io.strata.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.node.replica.ReplicaEvents;
import io.strata.node.replica.TopicPartition;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Counts what replicas report as it happens: ISR shrinks and expands (Kafka's IsrShrinksPerSec and
 * IsrExpandsPerSec; an ISR that lost and gained members in one change counts as both), and the
 * time acks=all appends waited for their in-sync replicas, as a histogram. Thread-safe (Micrometer
 * meters); never blocks.
 */
@Singleton
public class ReplicaEventMetrics implements ReplicaEvents {

    private final Counter shrinks;
    private final Counter expands;
    private final Timer ackWait;

    @Inject
    public ReplicaEventMetrics(MeterRegistry registry) {
        shrinks = Counter.builder("strata.node.isr.shrinks")
                .description("ISR changes led here that removed a replica (Kafka: IsrShrinksPerSec)").register(registry);
        expands = Counter.builder("strata.node.isr.expands")
                .description("ISR changes led here that added a replica (Kafka: IsrExpandsPerSec)").register(registry);
        ackWait = Timer.builder("strata.node.acks.all.wait")
                .description("Time an acks=all append waited, once written, for its in-sync replicas")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    @Override
    public void isrChanged(TopicPartition partition, Set<Integer> before, Set<Integer> after) {
        if (!after.containsAll(before)) {
            shrinks.increment();
        }
        if (!before.containsAll(after)) {
            expands.increment();
        }
    }

    @Override
    public void acknowledged(TopicPartition partition, long waitNanos) {
        ackWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }
}
