package io.strata.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.api.v1.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's own counters on {@code /q/metrics}: retries of routed calls (a leader moved, a node
 * was unreachable or busy) by the error that caused them, and the errors its answers carried, by
 * API (rest, grpc) and error code. Latency histograms come from Quarkus itself:
 * {@code http_server_requests_seconds} (REST, by uri and status) and
 * {@code grpc_server_processing_duration_seconds} (gRPC, by method and status code).
 *
 * <p>Thread-safe: counters are looked up once per (api, code) and cached; the number of series is
 * bounded by the error codes.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<ErrorCode, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A routed call failed with {@code cause} and is tried again. */
    public void retried(ErrorCode cause) {
        retries.computeIfAbsent(cause, code -> Counter.builder("strata.gateway.retries")
                .description("Retries of calls to partition leaders, by the error that caused them (Kafka producer: record-retry-total)")
                .tag("error", code.name()).register(registry)).increment();
    }

    /** An answer of {@code api} ("rest" or "grpc") carried {@code code}. */
    public void failed(String api, ErrorCode code) {
        errors.computeIfAbsent(api + "/" + code.name(), key -> Counter.builder("strata.gateway.errors")
                .description("Error codes in the gateway's answers, by API (Kafka: ErrorsPerSec)")
                .tag("api", api).tag("error", code.name()).register(registry)).increment();
    }
}
