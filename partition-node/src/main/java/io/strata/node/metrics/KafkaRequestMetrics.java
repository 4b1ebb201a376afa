package io.strata.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.kafka.api.RequestObserver;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener's request metrics, per API as Kafka's RequestsPerSec, TotalTimeMs and
 * ErrorsPerSec are: {@code strata.kafka.requests} (a timer with a latency histogram: its count
 * is the request count) and {@code strata.kafka.errors} by API and error name (NONE not counted).
 * Meters are made on first use and kept. Thread-safe; never blocks (it runs on event loops).
 */
@Singleton
public class KafkaRequestMetrics implements RequestObserver {

    private final MeterRegistry registry;
    private final Map<ApiKeys, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    @Inject
    public KafkaRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void served(ApiKeys api, long nanos, Map<Errors, Integer> answerErrors) {
        timers.computeIfAbsent(api, key -> Timer.builder("strata.kafka.requests")
                .description("Kafka requests served, by API, from frame read to answer ready")
                .tag("api", key.name).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
        answerErrors.forEach((error, count) -> errors.computeIfAbsent(api.name + "/" + error.name(),
                key -> Counter.builder("strata.kafka.errors")
                        .description("Error codes in Kafka answers, by API and error (Kafka: ErrorsPerSec)")
                        .tag("api", api.name).tag("error", error.name()).register(registry)).increment(count));
    }
}
