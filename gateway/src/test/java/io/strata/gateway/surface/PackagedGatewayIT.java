package io.strata.gateway.surface;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway as a process of its own, with no metadata service to reach: the JVM jar in
 * every build, and the native executable when it is built ({@code ./mvnw verify -Dnative -pl gateway}
 * where GraalVM or Mandrel is installed). It must start, say it is alive but not ready, answer a
 * REST call with a problem+json naming what is missing (Jackson's records work in the image), and
 * serve its OpenAPI document and metrics.
 */
@QuarkusIntegrationTest
@WithTestResource(UnreachableBackend.class)
class PackagedGatewayIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(String path) throws Exception {
        int port = Integer.getInteger("quarkus.http.test-port", 8081);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aloneItIsAliveNotReadyAndSaysWhy() throws Exception {
        HttpResponse<String> live = get("/q/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"name\": \"event-loops\"").contains("event loops running");
        assertThat(get("/q/health/ready").statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> topics = get("/topics");
            assertThat(topics.statusCode()).isEqualTo(503);
            assertThat(topics.headers().firstValue("content-type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(topics.body()).contains("\"status\":503").contains("\"error_code\":");
        });
    }

    @Test
    void itServesItsOpenApiDocumentAndMetrics() throws Exception {
        HttpResponse<String> openapi = get("/q/openapi");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/admin/topics/{topic}/partitions");
        HttpResponse<String> metrics = get("/q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).as("Prometheus text").contains("# TYPE ");
    }
}
