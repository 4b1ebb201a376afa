package io.strata.node.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.node.replica.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaEventMetricsTest {

    private static final TopicPartition ID = new TopicPartition("t", 0);

    @Test
    void shrinksExpandsAndSwapsAreCountedAsKafkaCountsThem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReplicaEventMetrics metrics = new ReplicaEventMetrics(registry);

        metrics.isrChanged(ID, Set.of(1, 2, 3), Set.of(1, 2));
        metrics.isrChanged(ID, Set.of(1, 2), Set.of(1, 2, 3));
        metrics.isrChanged(ID, Set.of(1, 2), Set.of(1, 3));

        assertThat(registry.get("strata.node.isr.shrinks").counter().count()).isEqualTo(2);
        assertThat(registry.get("strata.node.isr.expands").counter().count()).isEqualTo(2);
    }

    @Test
    void acksAllWaitsAreTimed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReplicaEventMetrics metrics = new ReplicaEventMetrics(registry);

        metrics.acknowledged(ID, TimeUnit.MILLISECONDS.toNanos(12));
        metrics.acknowledged(ID, TimeUnit.MILLISECONDS.toNanos(8));

        assertThat(registry.get("strata.node.acks.all.wait").timer().count()).isEqualTo(2);
        assertThat(registry.get("strata.node.acks.all.wait").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
    }
}
