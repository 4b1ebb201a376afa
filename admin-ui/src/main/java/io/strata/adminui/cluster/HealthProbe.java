package io.strata.adminui.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.adminui.config.AdminUiConfig;
import io.strata.adminui.config.ClusterTrust;
import io.strata.adminui.gateway.NodeReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Asks each service for its readiness ({@code GET /q/health/ready}, SmallRye Health's JSON): the
 * gateway, every partition node the gateway reports (its registered address is its HTTP port, where
 * gRPC and health are both served), and the services named in {@code strata.admin-ui.health-urls}
 * (the metadata service and the group coordinator are not reported by the gateway). All at once,
 * each bounded by {@code health-timeout}; one that does not answer in time is {@code UNREACHABLE}.
 * The only calls the console makes past the gateway, and only to the health endpoints.
 *
 * <p>Thread-safe; {@link #probe} blocks its caller (a worker thread) until every answer is in.
 */
@ApplicationScoped
public class HealthProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminUiConfig config;
    private final ClusterTrust trust;
    private final HttpClient http;

    @Inject
    public HealthProbe(AdminUiConfig config, ClusterTrust trust) {
        this.config = config;
        this.trust = trust;
        this.http = trust.client(config.healthTimeout());
    }

    /** The gateway first, then the nodes by id, then the configured services by name. */
    public List<ServiceHealth> probe(List<NodeReport> nodes) {
        List<CompletableFuture<ServiceHealth>> asks = new ArrayList<>();
        asks.add(ask("gateway", config.gateway()));
        nodes.stream().sorted((a, b) -> Integer.compare(a.nodeId(), b.nodeId()))
                .forEach(node -> asks.add(ask("partition-node " + node.nodeId(), URI.create(trust.scheme() + "://" + node.address()))));
        config.healthUrls().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> asks.add(ask(e.getKey(), e.getValue())));
        return asks.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<ServiceHealth> ask(String service, URI base) {
        URI url = base.resolve("/q/health/ready");
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.healthTimeout()).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> read(service, url, response.statusCode(), response.body()))
                .exceptionally(failure -> new ServiceHealth(service, url.toString(), "UNREACHABLE",
                        List.of(failure.getCause() == null ? failure.toString() : failure.getCause().getClass().getSimpleName()
                                + (failure.getCause().getMessage() == null ? "" : ": " + failure.getCause().getMessage()))));
    }

    /** SmallRye Health's answer: 200 UP or 503 DOWN, with {@code checks: [{name, status, data}]}. */
    static ServiceHealth read(String service, URI url, int statusCode, byte[] body) {
        List<String> failing = new ArrayList<>();
        String status = statusCode == 200 ? "UP" : "DOWN";
        try {
            JsonNode health = JSON.readTree(body);
            status = health.path("status").asText(status);
            for (JsonNode check : health.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    JsonNode reason = check.path("data").path("reason");
                    failing.add(check.path("name").asText("?") + (reason.isMissingNode() ? "" : ": " + reason.asText()));
                }
            }
        } catch (IOException notJson) {
            failing.add("HTTP " + statusCode + ", not a health answer");
        }
        return new ServiceHealth(service, url.toString(), status, failing);
    }
}
