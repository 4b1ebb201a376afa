package io.strata.node.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.api.quota.ClientQuotas;
import io.strata.kafka.quota.QuotaGate;
import io.strata.kafka.quota.QuotaMeters;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener's quota metrics: {@code strata.kafka.quota.throttle} (a timer of the throttle
 * times given, by quota key, user and client id of the meter, as Kafka's per-user/client-id
 * throttle-time sensors; made on an entity's first throttle, so only throttled entities appear)
 * and {@code strata.kafka.quota.meters} (how many meters the node holds). Thread-safe.
 */
@Singleton
public class QuotaMetrics {

    private final MeterRegistry registry;
    private final Map<ClientQuotas.MeterKey, Timer> throttles = new ConcurrentHashMap<>();

    @Inject
    public QuotaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The observer the quota gate reports throttles to; also registers the meter count of {@code meters}. */
    public QuotaGate.QuotaObserver observer(QuotaMeters meters) {
        Gauge.builder("strata.kafka.quota.meters", meters, QuotaMeters::size)
                .description("Client quota meters held (user/client-id groups measured)").register(registry);
        return (quota, throttleMs) -> throttles.computeIfAbsent(quota.meter(), key -> Timer.builder("strata.kafka.quota.throttle")
                .description("Throttle times given to Kafka clients over their quota (Kafka: throttle-time per user/client-id)")
                .tag("quota", key.key().kafkaName()).tag("user", key.user()).tag("client_id", key.clientId())
                .register(registry)).record(throttleMs, TimeUnit.MILLISECONDS);
    }
}
